import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApi } from '../../apps/api/src/bootstrap';
import { IdentityRedis } from '../../libs/identity/src/login/identity-redis';
import { inRoot } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const LIMIT = 6;

describe('API-wide rate limit per key and user, shared by the api processes through Redis', () => {
  const { t, api } = useTestApp(() => {
    Object.assign(process.env, { TONGBAN_API_RATE_LIMIT: String(LIMIT), TONGBAN_API_RATE_WINDOW_SECONDS: '60' });
    return startTestApp();
  });
  let second: INestApplication;

  beforeAll(async () => {
    // a second api process of the same deployment (same Redis prefix)
    process.env.TONGBAN_QUEUE_PREFIX = t.queuePrefix;
    second = await createApi({ port: 0, withWorker: false });
  });

  afterAll(async () => {
    await second?.close();
    delete process.env.TONGBAN_API_RATE_LIMIT;
    delete process.env.TONGBAN_API_RATE_WINDOW_SECONDS;
  });

  it('answers 429 with Retry-After once a key has spent its budget in either process, and keeps other callers going', async () => {
    // given: half the budget spent on the first process, the rest on the second
    const first = t.http;
    const other = request(second.getHttpServer());
    for (let i = 0; i < LIMIT / 2; i++) expect((await first.get('/api/v1/process-definitions').set('X-API-Key', t.apiKey)).status).toBe(200);
    for (let i = 0; i < LIMIT / 2; i++) expect((await other.get('/api/v1/process-definitions').set('X-API-Key', t.apiKey)).status).toBe(200);

    // when the key asks once more, on either process
    const overFirst = await first.get('/api/v1/process-definitions').set('X-API-Key', t.apiKey);
    const overSecond = await other.get('/api/v1/process-definitions').set('X-API-Key', t.apiKey);

    // then
    for (const response of [overFirst, overSecond]) {
      expect(response.status).toBe(429);
      expect(response.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    expect((await first.get('/api/v1/process-definitions').set('Authorization', await api.as('designer'))).status).toBe(200);
  });

  it('takes a busy key\'s requests from Redis in leases while much of the budget is left: one Redis call for many requests, every request counted', async () => {
    // given a third api process of the deployment whose budget is large (6,000 a minute)
    process.env.TONGBAN_API_RATE_LIMIT = '6000';
    const roomy = await createApi({ port: 0, withWorker: false });
    process.env.TONGBAN_API_RATE_LIMIT = String(LIMIT);
    try {
      const redis = inRoot(roomy).get(IdentityRedis);
      const evals = jest.spyOn(redis.client, 'eval');
      const http = request(roomy.getHttpServer());
      const authorization = await api.as('supervisor');

      // when the supervisor asks 40 times
      for (let i = 0; i < 40; i++) expect((await http.get('/api/v1/process-definitions').set('Authorization', authorization)).status).toBe(200);

      // then: two Redis calls (leases of 32), and Redis counted at least the 40 requests
      expect(evals).toHaveBeenCalledTimes(2);
      evals.mockRestore();
      const counted = Number(await redis.client.get(redis.key('rate', 'api', 'user:supervisor')));
      expect(counted).toBeGreaterThanOrEqual(40);
      expect(counted).toBeLessThanOrEqual(64);
    } finally {
      await roomy.close();
    }
  });
});
