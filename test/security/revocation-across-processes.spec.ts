import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApi } from '../../apps/api/src/bootstrap';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { createActiveUser } from './support/identity-fixtures';

describe('revocation reaches every api process', () => {
  const { t, api } = useTestApp(() => {
    process.env.TONGBAN_SESSION_CACHE_MS = '600000';
    return startTestApp();
  });
  let other: INestApplication;

  beforeAll(async () => {
    process.env.TONGBAN_QUEUE_PREFIX = t.queuePrefix;
    other = await createApi({ port: 0 });
  });

  afterAll(async () => {
    await other?.close();
    delete process.env.TONGBAN_SESSION_CACHE_MS;
  });

  it('refuses a disabled user\'s token in a second api process that had it cached as valid, long before the cache would expire', async () => {
    // given a token the second process has checked (and cached for ten minutes)
    const user = await createActiveUser(t);
    expect((await request(other.getHttpServer()).get('/api/v1/tasks').set('Authorization', user.bearer)).status).toBe(200);

    // when the first process disables the user
    await t.http.post(`/api/v1/users/${user.username}/disable`).set('Authorization', await api.as('admin')).expect(200);

    // then the second process refuses the token within a couple of seconds
    const status = await api.eventually(
      async () => (await request(other.getHttpServer()).get('/api/v1/tasks').set('Authorization', user.bearer)).status,
      (code) => code === 401,
      2000,
    );
    expect(status).toBe(401);
  });

  it('refuses a revoked API key in a second api process that had it cached', async () => {
    // given a key the second process has used
    const created = await t.http.post('/api/v1/api-keys').set('Authorization', await api.as('admin'))
      .send({ name: `portal-${Date.now()}`, integrator: 'portal', scopes: { processes: ['*'], jobTypes: ['*'], readCaseData: true, actForApplicants: true } });
    expect((await request(other.getHttpServer()).get('/api/v1/process-definitions').set('X-API-Key', created.body.key)).status).toBe(200);

    // when the first process revokes it
    await t.http.post(`/api/v1/api-keys/${created.body.id}/revoke`).set('Authorization', await api.as('admin')).expect(200);

    // then the second process refuses it within a couple of seconds
    const status = await api.eventually(
      async () => (await request(other.getHttpServer()).get('/api/v1/process-definitions').set('X-API-Key', created.body.key)).status,
      (code) => code === 401,
      2000,
    );
    expect(status).toBe(401);
  });
});
