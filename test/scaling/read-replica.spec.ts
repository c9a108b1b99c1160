import { randomBytes } from 'node:crypto';
import { IdentityService } from '@tongban/identity';
import { ROOT_REGION, type RegionScope } from '@tongban/runtime';
import { ApiClient } from '../support/api-client';
import { inScope } from '../support/root-scope';
import { startTestApp, uniqueKey, type TestApp } from '../support/test-app';
import { postgresBinariesAvailable, startStreamingPair, type StreamingPair } from './support/streaming-replica';

/**
 * Tongban on a primary and a hot standby streaming from it (`DATABASE_READ_URL`), both private
 * servers from Debian's PostgreSQL 15 binaries. The standby's WAL replay is paused to make its data
 * stand still: what a list then shows is the standby's, what a command does lands on the primary.
 * Without the binaries the spec says so and checks nothing.
 */
jest.setTimeout(180_000);

const ONE_TASK = (key: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="d-${key}" targetNamespace="http://tongban.dev/workflows">
  <bpmn:process id="${key}" name="One review of the health department" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Review" tongban:department="health" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="toReview" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="toEnd" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

interface ListedTask {
  id: string;
  processInstanceId: string;
  state: string;
}

(postgresBinariesAvailable() ? describe : describe.skip)('lists read from a streaming replica (DATABASE_READ_URL)', () => {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_READ_URL: process.env.DATABASE_READ_URL, DATABASE_MIGRATION_URL: process.env.DATABASE_MIGRATION_URL, DATABASE_SESSION_URL: process.env.DATABASE_SESSION_URL };
  const key = uniqueKey('replica-review');
  let pair: StreamingPair;
  let app: TestApp;
  let api: ApiClient;

  const start = async (apiKey?: string) => {
    const response = await app.http.post('/api/v1/process-instances').set('X-API-Key', apiKey ?? app.apiKey).send({ processKey: key });
    expect([response.status, response.body.message]).toEqual([201, undefined]);
    return response.body.id as string;
  };
  const listTasks = async (username: string, query = ''): Promise<ListedTask[]> => {
    const response = await app.http.get(`/api/v1/tasks?limit=200${query}`).set('Authorization', await api.as(username));
    expect(response.status).toBe(200);
    return response.body.items as ListedTask[];
  };
  /** The instance's tasks as the primary holds them (the test's own superuser session, no row-level security). */
  const primaryTasks = async (instanceId: string) =>
    (await pair.primary.query<{ id: string; state: string }>('SELECT id, state FROM task WHERE instance_id = $1', [instanceId])).rows;

  beforeAll(async () => {
    // given: a primary with a hot standby, Tongban writing to the primary and reading lists from the standby
    pair = await startStreamingPair('tongban');
    delete process.env.DATABASE_MIGRATION_URL;
    delete process.env.DATABASE_SESSION_URL;
    process.env.DATABASE_URL = pair.primaryUrl;
    process.env.DATABASE_READ_URL = pair.standbyUrl;
    app = await startTestApp();
    api = new ApiClient(app);
    await api.deploy(ONE_TASK(key));
  });

  afterAll(async () => {
    await app?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await pair?.stop();
  });

  let standbyStopped = false;
  afterEach(async () => {
    // a failed step must not leave the standby paused for the next one
    if (!standbyStopped) await pair.resumeReplay();
  });

  it('serves the inbox and the instance list from the standby while commands write to the primary', async () => {
    // given: an instance whose task the standby has replayed, listed to the supervisor
    const seen = await start();
    await pair.resumeReplay();
    expect((await listTasks('supervisor', `&processInstanceId=${seen}`)).map((t) => t.processInstanceId)).toEqual([seen]);
    const readers = (await pair.standby.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tongban-read'`)).rows[0].n;
    expect(readers).toBeGreaterThan(0);

    // and: twenty inbox lists run the task page's statement and the read of the page's task clocks on the standby, never on the primary
    const calls = async (server: StreamingPair['primary'], pattern: string) =>
      (await server.query<{ n: number }>(`SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE query LIKE $1`, [pattern])).rows[0].n;
    const page = '%FROM task%ORDER BY created_at%';
    const clocks = '%FROM task_clock c%c.task_id = ANY%';
    await pair.primary.query('SELECT pg_stat_statements_reset()');
    await pair.standby.query('SELECT pg_stat_statements_reset()');
    for (let i = 0; i < 20; i++) await listTasks('clerk.health');
    expect([await calls(pair.primary, page), await calls(pair.standby, page)]).toEqual([0, 20]);
    expect([await calls(pair.primary, clocks), await calls(pair.standby, clocks)]).toEqual([0, 20]);

    // when: the standby stops replaying and a second instance starts
    await pair.pauseReplay();
    const unseen = await start();

    // then: the command wrote it on the primary (its task is there), while the lists, read from the standby, do not know it
    expect((await primaryTasks(unseen)).map((t) => t.state)).toEqual(['open']);
    expect((await app.http.get(`/api/v1/process-instances/${unseen}`).set('X-API-Key', app.apiKey)).status).toBe(200);
    expect(await listTasks('supervisor', `&processInstanceId=${unseen}`)).toEqual([]);
    const instances = await app.http.get(`/api/v1/process-instances?processKey=${key}&limit=100`).set('Authorization', await api.as('supervisor'));
    expect(instances.status).toBe(200);
    const listed = (instances.body.items as { id: string }[]).map((i) => i.id);
    expect([listed.includes(seen), listed.includes(unseen)]).toEqual([true, false]);

    // and once the standby replays again, they do
    await pair.resumeReplay();
    expect((await listTasks('supervisor', `&processInstanceId=${unseen}`)).map((t) => t.processInstanceId)).toEqual([unseen]);
  });

  it('lists a task completed on the primary until the standby replays it; completing it again answers 409', async () => {
    // given: an open task, listed
    const instanceId = await start();
    await pair.resumeReplay();
    const [task] = await listTasks('clerk.health', `&processInstanceId=${instanceId}`);
    expect(task.state).toBe('open');

    // when: the standby lags (replay paused) and the clerk completes the task
    await pair.pauseReplay();
    const completed = await api.complete(task.id, 'clerk.health');
    expect([completed.status, completed.body.message]).toEqual([200, undefined]);

    // then: the inbox still lists it open (the standby's view), completing it again is refused by the primary
    expect((await listTasks('clerk.health', `&processInstanceId=${instanceId}`)).map((t) => [t.id, t.state])).toEqual([[task.id, 'open']]);
    const again = await api.complete(task.id, 'clerk.health');
    expect(again.status).toBe(409);
    expect((await primaryTasks(instanceId)).map((t) => t.state)).toEqual(['completed']);

    // and /health/ready stays ready, reporting the lag
    const ready = await app.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.replica).toMatchObject({ status: 'up', standby: true });
    expect(ready.body.details.replica.lagSeconds).toBeGreaterThan(0);

    // and once replayed, the open inbox no longer holds it
    await pair.resumeReplay();
    expect(await listTasks('clerk.health', `&processInstanceId=${instanceId}&state=open`)).toEqual([]);
    const caughtUp = await app.http.get('/health/ready');
    expect([caughtUp.status, caughtUp.body.details.replica.lagSeconds]).toEqual([200, 0]);
  });

  it('keeps each region to its own tasks on replica reads: a clerk of region A never lists region B\'s', async () => {
    // given: two regions, a health clerk and an integrator in each, and an instance started in each
    const s = randomBytes(3).toString('hex');
    const regions = { A: `ra-${s}`, B: `rb-${s}` };
    const scopeOf = (home: string): RegionScope => ({ home, regions: [home], inherited: [ROOT_REGION] });
    const root = await api.as('admin');
    const started: Record<'A' | 'B', string[]> = { A: [], B: [] };
    for (const side of ['A', 'B'] as const) {
      const code = regions[side];
      expect((await app.http.post('/api/v1/regions').set('Authorization', root).send({ code, name: code, parent: ROOT_REGION, level: 'city' })).status).toBe(201);
      const identity = inScope(app.app, scopeOf(code)).get(IdentityService);
      await identity.ensureUser({ username: `clerk-${side}-${s}`, password: `clerk-${side}-${s}`, roles: ['clerk'], department: 'health' });
      await identity.ensureApiKey({ name: `key-${side}-${s}`, key: `key-${side}-${s}`, roles: ['integrator'] });
      for (let i = 0; i < 3; i++) started[side].push(await start(`key-${side}-${s}`));
    }
    await pair.resumeReplay();

    // when: each clerk lists the health inbox, read from the standby (which holds both regions' tasks: the root's supervisor lists all six)
    const everyone = (await listTasks('supervisor', '&department=health')).map((t) => t.processInstanceId);
    expect([...started.A, ...started.B].every((id) => everyone.includes(id))).toBe(true);
    const listedBy = async (side: 'A' | 'B') => (await listTasks(`clerk-${side}-${s}`)).map((t) => t.processInstanceId);
    const [a, b] = await Promise.all([listedBy('A'), listedBy('B')]);

    // then: each sees its own region's three and none of the other's
    expect([...a].sort()).toEqual([...started.A].sort());
    expect([...b].sort()).toEqual([...started.B].sort());
  });

  it('answers the case list, the supervision list and figures and the directives list from the standby', async () => {
    // given: statement counters at zero on both servers
    await pair.primary.query('SELECT pg_stat_statements_reset()');
    await pair.standby.query('SELECT pg_stat_statements_reset()');

    // when: the supervisor reads each list
    const supervisor = await api.as('supervisor');
    for (const path of ['/api/v1/applications?limit=20', '/api/v1/supervision/cases?limit=20', '/api/v1/supervision/stats?groupBy=department&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', '/api/v1/directives?limit=20']) {
      const response = await app.http.get(path).set('Authorization', supervisor);
      expect([path, response.status, response.body.message]).toEqual([path, 200, undefined]);
    }

    // then: each list's own statement ran on the standby and not on the primary
    const count = async (server: StreamingPair['primary'], pattern: string) =>
      (await server.query<{ n: number }>(`SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE query LIKE $1`, [pattern])).rows[0].n;
    const lists = {
      cases: '%FROM application%ORDER BY created_at DESC%',
      supervision: '%FROM task_clock c WHERE c.ended_at IS NULL AND c.level%',
      figures: '%, level FROM task_clock WHERE started_at%',
      directives: '%FROM supervision_directive WHERE%ORDER BY created_at DESC%',
    };
    for (const [list, pattern] of Object.entries(lists)) {
      expect([list, await count(pair.primary, pattern), (await count(pair.standby, pattern)) > 0]).toEqual([list, 0, true]);
    }
  });

  it('is not ready when the replica is down, naming it', async () => {
    // when: the standby stops
    standbyStopped = true;
    await pair.stopStandby();

    // then: readiness fails on the replica, the primary and Redis still up
    const ready = await app.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, replica: { status: 'down' } });
  });
});
