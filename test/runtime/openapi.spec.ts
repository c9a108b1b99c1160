import request from 'supertest';
import { useTestApp } from '../support/use-test-app';

describe('OpenAPI document of the runtime routes', () => {
  const { t } = useTestApp();

  it('documents every route of messages, signals, jobs, incidents and instance control', async () => {
    const document = (await request(t.app.getHttpServer()).get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };

    const routes = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes).toEqual(expect.arrayContaining([
      'POST /api/v1/messages',
      'POST /api/v1/signals',
      'POST /api/v1/jobs/activate',
      'GET /api/v1/jobs',
      'GET /api/v1/jobs/{id}',
      'POST /api/v1/jobs/{id}/complete',
      'POST /api/v1/jobs/{id}/fail',
      'POST /api/v1/jobs/{id}/throw-error',
      'GET /api/v1/incidents',
      'GET /api/v1/incidents/{id}',
      'POST /api/v1/incidents/{id}/resolve',
      'POST /api/v1/process-instances/{id}/cancel',
      'POST /api/v1/process-instances/{id}/suspend',
      'POST /api/v1/process-instances/{id}/resume',
    ]));
    const start = document.paths['/api/v1/process-instances'].post as { parameters: { name: string; in: string }[] };
    expect(start.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
  });

  it('requires credentials on the runtime routes', async () => {
    for (const path of ['/api/v1/messages', '/api/v1/signals', '/api/v1/jobs/activate']) {
      expect((await t.http.post(path).send({})).status).toBe(401);
    }
    expect((await t.http.get('/api/v1/incidents')).status).toBe(401);
  });

  it('lets a clerk neither publish messages nor resolve incidents', async () => {
    const clerk = `Bearer ${await t.token('clerk.health')}`;
    expect((await t.http.post('/api/v1/messages').set('Authorization', clerk).send({ name: 'x' })).status).toBe(403);
    expect((await t.http.post('/api/v1/jobs/activate').set('Authorization', clerk).send({ type: 'x', maxJobs: 1, workerId: 'w', timeout: 1000 })).status).toBe(403);
  });
});
