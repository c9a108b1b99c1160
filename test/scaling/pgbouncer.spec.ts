import { ApiClient } from '../support/api-client';
import { fixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { runInstancesThroughCommitPoints } from './support/pooled-instances';
import { pgBouncerAvailable, startPgBouncer, type PgBouncer } from './support/pgbouncer';

/**
 * Tongban behind PgBouncer in session pooling mode (the default `DATABASE_POOL_MODE=session`: each
 * connection carries its caller's region scope as session settings): the api and worker reach
 * PostgreSQL through the pooler, the outbox relay listens through it, and callers
 * of two regions never see each other's cases. `pgbouncer-transaction.spec.ts` runs transaction pooling.
 * PgBouncer is Debian's `pgbouncer` package (`.ci/run` installs it); without it the spec says so and
 * checks nothing.
 */
jest.setTimeout(120_000);

(pgBouncerAvailable() ? describe : describe.skip)('behind PgBouncer in session pooling mode', () => {
  const direct = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SESSION_URL: process.env.DATABASE_SESSION_URL };
  let pooler: PgBouncer;
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    // given: PgBouncer on a free port in front of the database, session pooling
    pooler = await startPgBouncer(direct, 'session', 20);
    process.env.DATABASE_URL = pooler.url;
    process.env.DATABASE_SESSION_URL = direct.toString();
    app = await startTestApp();
    api = new ApiClient(app);
  });

  afterAll(async () => {
    await app?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    pooler?.stop();
  });

  it('runs instances through commit points, the outbox and the worker through the pooler', async () => {
    // when: twenty instances start at once, each passes a commit point before its user task, and their tasks are completed
    // then: every instance ends
    await runInstancesThroughCommitPoints(api);
  });

  it('keeps each request in its own region while the pooler’s server connections serve callers of two regions', async () => {
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);
    const ids = (await Promise.all(Array.from({ length: 10 }, () => api.startWithKey(key)))).map((response) => response.body.id as string);
    // when: the other region's admin lists instances while this region's requests run on the same server connections
    const cityAdmin = await api.as('city.admin');
    const [seen] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => app.http.get('/api/v1/process-instances?limit=100').set('Authorization', cityAdmin))),
      Promise.all(ids.map((id) => api.instance(id))),
    ]);
    // then: not one of this region's instances reaches the other region
    for (const response of seen) {
      expect(response.status).toBe(200);
      expect(response.body.items.filter((item: { id: string }) => ids.includes(item.id))).toEqual([]);
    }
  });
});
