import { useTestApp } from './support/use-test-app';

describe('authentication and roles', () => {
  const { t } = useTestApp();

  it('issues a token with the user, roles and department', async () => {
    // when
    const response = await t.http.post('/api/v1/auth/token').send({ username: 'clerk.health', password: 'clerk.health' });

    // then
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      user: { username: 'clerk.health', roles: ['clerk'], department: 'health' },
    });
  });

  it('refuses a wrong password with 401', async () => {
    const response = await t.http.post('/api/v1/auth/token').send({ username: 'admin', password: 'nope' });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it('requires credentials on every /api/v1 route', async () => {
    for (const path of ['/api/v1/process-definitions', '/api/v1/process-instances', '/api/v1/tasks']) {
      const response = await t.http.get(path);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.http.post('/api/v1/deployments').send({})).status).toBe(401);
  });

  it('refuses a forged token and an unknown API key', async () => {
    expect((await t.http.get('/api/v1/tasks').set('Authorization', 'Bearer not.a.jwt')).status).toBe(401);
    expect((await t.http.get('/api/v1/tasks').set('X-API-Key', 'wrong-key')).status).toBe(401);
  });

  it('accepts the demo integrator key for reading instances but not for deploying', async () => {
    expect((await t.http.get('/api/v1/process-instances').set('X-API-Key', t.apiKey)).status).toBe(200);
    const deploy = await t.http.post('/api/v1/deployments').set('X-API-Key', t.apiKey).send({ resources: [{ name: 'x.bpmn', content: '<x/>' }] });
    expect(deploy.status).toBe(403);
    expect(deploy.body.code).toBe('FORBIDDEN');
  });

  it('lets a clerk list only the own department', async () => {
    const token = await t.token('clerk.health');
    const own = await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${token}`);
    expect(own.status).toBe(200);
    expect(own.body.items.every((task: { department: string }) => task.department === 'health')).toBe(true);
    const other = await t.http.get('/api/v1/tasks?department=fire-rescue').set('Authorization', `Bearer ${token}`);
    expect(other.status).toBe(403);
  });

  it('keeps a clerk from deploying', async () => {
    const token = await t.token('clerk.health');
    const response = await t.http.post('/api/v1/deployments').set('Authorization', `Bearer ${token}`).send({ resources: [{ name: 'x.bpmn', content: '<x/>' }] });
    expect(response.status).toBe(403);
  });

  it('serves health without credentials and OpenAPI', async () => {
    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', database: { status: 'ok' }, redis: { status: 'ok' }, calendar: expect.objectContaining({ region: 'cn', lastYear: expect.any(Number) }) });
    const docs = await t.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.paths).toHaveProperty('/api/v1/process-instances');
    expect(docs.body.components.securitySchemes).toHaveProperty('api-key');
  });

  it('answers malformed JSON, unknown fields and unknown ids with 4xx bodies', async () => {
    const token = await t.token('admin');
    const malformed = await t.http.post('/api/v1/process-instances').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"processKey": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
    const unknownField = await t.http.post('/api/v1/process-instances').set('Authorization', `Bearer ${token}`).send({ processKey: 'x', colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    const unknownId = await t.http.get('/api/v1/process-instances/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`);
    expect(unknownId.status).toBe(404);
    expect(unknownId.body.code).toBe('NOT_FOUND');
    const notUuid = await t.http.get('/api/v1/tasks/abc').set('Authorization', `Bearer ${token}`);
    expect(notUuid.status).toBe(404);
    const unknownKey = await t.http.post('/api/v1/process-instances').set('Authorization', `Bearer ${token}`).send({ processKey: 'no-such-process-xyz' });
    expect(unknownKey.status).toBe(404);
  });
});
