import { Client } from 'pg';
import { flow, processXml } from '../runtime/support/bpmn';
import { ApiClient } from '../support/api-client';
import { fixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { runInstancesThroughCommitPoints } from './support/pooled-instances';
import { pgBouncerAvailable, startPgBouncer, type PgBouncer } from './support/pgbouncer';

/**
 * Tongban behind PgBouncer in transaction pooling mode (`DATABASE_POOL_MODE=transaction`): each
 * transaction may run on any of three server connections shared by a pool of twelve, so the region
 * scope and the role travel inside every transaction and nothing is left on a server connection; the
 * outbox relay LISTENs and the migrations lock through `DATABASE_SESSION_URL`.
 * PgBouncer is Debian's `pgbouncer` package (`.ci/run` installs it); without it the spec says so and
 * checks nothing.
 */
jest.setTimeout(120_000);

const SERVER_CONNECTIONS = 3;
const POOL_SIZE = 12;

(pgBouncerAvailable() ? describe : describe.skip)('behind PgBouncer in transaction pooling mode', () => {
  const direct = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  const names = ['DATABASE_URL', 'DATABASE_SESSION_URL', 'DATABASE_POOL_MODE', 'DATABASE_POOL_SIZE'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  let pooler: PgBouncer;
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    // given: PgBouncer in transaction pooling with fewer server connections than the app's pool holds
    pooler = await startPgBouncer(direct, 'transaction', SERVER_CONNECTIONS);
    process.env.DATABASE_URL = pooler.url;
    process.env.DATABASE_SESSION_URL = direct.toString();
    process.env.DATABASE_POOL_MODE = 'transaction';
    process.env.DATABASE_POOL_SIZE = String(POOL_SIZE);
    app = await startTestApp();
    api = new ApiClient(app);
  });

  afterAll(async () => {
    await app?.close();
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    pooler?.stop();
  });

  /** PgBouncer's own count of its client and server connections to the database. */
  async function poolerConnections(): Promise<{ clients: number; servers: number }> {
    const admin = new Client({ connectionString: pooler.adminUrl });
    await admin.connect();
    try {
      const database = direct.pathname.slice(1);
      const clients = (await admin.query('SHOW CLIENTS')).rows.filter((row: { database: string }) => row.database === database).length;
      const servers = (await admin.query('SHOW SERVERS')).rows.filter((row: { database: string }) => row.database === database).length;
      return { clients, servers };
    } finally {
      await admin.end();
    }
  }

  it('runs instances through commit points, the outbox relay and the worker on fewer server connections than clients', async () => {
    // when: twenty instances start at once, each passes a commit point before its user task, and their tasks are completed
    // then: every instance ends
    await runInstancesThroughCommitPoints(api);
    const { clients, servers } = await poolerConnections();
    expect(servers).toBeLessThanOrEqual(SERVER_CONNECTIONS);
    expect(clients).toBeGreaterThan(servers);
  });

  it('fires timers through the pooler', async () => {
    // given: instances waiting one second at a timer
    const { key, xml } = processXml('pgbouncer-timer', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}`);
    await api.deploy(xml);
    const ids = (await Promise.all(Array.from({ length: 5 }, () => api.startWithKey(key)))).map((response) => response.body.id as string);
    // then: each timer fires once and ends its instance
    for (const id of ids) await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 30_000);
    for (const id of ids) expect((await api.history(id)).filter((h) => h.type === 'element.left' && h.elementId === 'wait')).toHaveLength(1);
  });

  it('keeps each request in its own region while the same server connections serve callers of two regions, and leaves no scope on them', async () => {
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);
    const ids = (await Promise.all(Array.from({ length: 10 }, () => api.startWithKey(key)))).map((response) => response.body.id as string);
    // a bare connection through the pooler, landing on the server connections Tongban's transactions just used
    const bare = new Client({ connectionString: pooler.url });
    await bare.connect();
    try {
      // when: the other region's admin lists instances while this region's requests run, and the bare connection looks at what the server connections carry
      const cityAdmin = await api.as('city.admin');
      const probes: { region: string; regions: string; role: string }[] = [];
      const probing = (async () => {
        for (let i = 0; i < 40; i++) {
          const { rows } = await bare.query(`SELECT coalesce(current_setting('tongban.region', true), '') AS region, coalesce(current_setting('tongban.regions', true), '') AS regions, current_user AS role`);
          probes.push(rows[0] as { region: string; regions: string; role: string });
        }
      })();
      const [seen] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, () => app.http.get('/api/v1/process-instances?limit=100').set('Authorization', cityAdmin))),
        Promise.all(ids.map((id) => api.instance(id))),
        probing,
      ]);
      // then: not one of this region's instances reaches the other region
      for (const response of seen) {
        expect(response.status).toBe(200);
        expect(response.body.items.filter((item: { id: string }) => ids.includes(item.id))).toEqual([]);
      }
      // and: no server connection kept a caller's scope or role after its transaction
      expect(probes).toHaveLength(40);
      for (const probe of probes) expect(probe).toEqual({ region: '', regions: '', role: direct.username || 'postgres' });
    } finally {
      await bare.end();
    }
  });
});
