import { useTestApp } from '../support/use-test-app';

/** `depth` arrays, one inside the other, as JSON text (too deep for any route). */
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('hostile input answers 400, never 500', () => {
  const { t, api } = useTestApp();

  it('refuses a NUL character in a query parameter, naming where', async () => {
    // when
    const response = await t.http.get('/api/v1/applications?bundleCode=a%00b').set('Authorization', await api.as('supervisor'));

    // then
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'INPUT_REJECTED', details: { location: 'query', path: 'query.bundleCode', reason: 'nul-character' } });
  });

  it('refuses a NUL character in a path parameter', async () => {
    // when
    const response = await t.http.get('/api/v1/applications/a%00b').set('Authorization', await api.as('supervisor'));

    // then
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'INPUT_REJECTED', details: { location: 'param', reason: 'nul-character' } });
  });

  it('refuses a NUL character and a lone surrogate in a body, changing nothing', async () => {
    // when
    const nul = await t.http.post('/api/v1/process-instances').set('X-API-Key', t.apiKey).set('Content-Type', 'application/json')
      .send('{"processKey":"three-department-approval","businessKey":"case\\u0000one"}');
    const surrogate = await t.http.post('/api/v1/process-instances').set('X-API-Key', t.apiKey).set('Content-Type', 'application/json')
      .send('{"processKey":"three-department-approval","variables":{"name":"\\ud800"}}');

    // then
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ code: 'INPUT_REJECTED', details: { location: 'body', path: 'body.businessKey', reason: 'nul-character' } });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({ code: 'INPUT_REJECTED', details: { path: 'body.variables.name', reason: 'lone-surrogate' } });
    const started = await t.http.get('/api/v1/process-instances?businessKey=case').set('X-API-Key', t.apiKey);
    expect(JSON.stringify(started.body)).not.toContain('case\\u0000one');
  });

  it('refuses JSON nested deeper than the limit', async () => {
    // when
    const response = await t.http.post('/api/v1/process-instances').set('X-API-Key', t.apiKey).set('Content-Type', 'application/json')
      .send(`{"processKey":"three-department-approval","variables":{"deep":${nestedArrays(50_000)}}}`);

    // then
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'INPUT_REJECTED', details: { reason: 'too-deep' } });
  });

  it('never echoes megabytes of input in an error', async () => {
    // given
    const huge = 'x'.repeat(2_000_000);

    // when
    const response = await t.http.post('/api/v1/process-instances').set('X-API-Key', t.apiKey).send({ processKey: huge });

    // then
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.text.length).toBeLessThan(5_000);
  });

  it('sends the security headers and no X-Powered-By, HSTS only behind TLS', async () => {
    // when
    const plain = await t.http.get('/health');
    const tls = await t.http.get('/health').set('X-Forwarded-Proto', 'https');

    // then
    expect(plain.headers['x-powered-by']).toBeUndefined();
    expect(plain.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(plain.headers['content-security-policy']).toContain("default-src 'self'");
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(tls.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });

  it('answers without an ETag, so a conditional GET gets the whole answer', async () => {
    // when
    const first = await t.http.get('/health/live');
    const again = await t.http.get('/health/live').set('If-None-Match', first.headers.etag ?? 'W/"x"');

    // then
    expect(first.headers.etag).toBeUndefined();
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
  });
});
