import { DEMO_CITY } from '@tongban/identity';
import { createJobWorker, ROOT_REGION, TestClock, type JobWorker } from '@tongban/runtime';
import { clusterNodes } from '../support/test-redis';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { startRuntimeApp } from '../runtime/support/runtime-app';
import { flow, processXml } from '../runtime/support/bpmn';
import { BundleClient, newCreditCode } from '../bundles/bundle-fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the client every pool connection of the app is made of
const pg = require('pg') as typeof import('pg');

/**
 * The tables of a case: distributed by `region` under Citus, each row in the region of its instance.
 * (Catalogue, identity and definition tables are small and become reference tables or stay local.)
 */
export const CASE_TABLES = [
  'process_instance', 'task', 'job', 'timer', 'history_event', 'outbox', 'application', 'task_clock', 'clock_warning',
  'case_clock_pause', 'case_clock_warning', 'case_correction', 'incident', 'material_follow_up', 'message_delivery',
  'message_subscription', 'notification', 'rating', 'rating_follow_up', 'task_cc', 'task_urge', 'webhook_delivery', 'webhook_attempt',
];

/**
 * The statements on case tables that stay multi-shard, and why (docs/scaling.md lists them too).
 * Each is the system's work over every region, or the read that learns a row's region.
 */
export const MULTI_SHARD_STATEMENTS: { pattern: RegExp; why: string }[] = [
  { pattern: /^SELECT set_config\('tongban\.region', COALESCE\(\(SELECT region FROM process_instance WHERE id = \$2\), /, why: 'a called instance\'s start learns its parent\'s region by the parent\'s id (a re-published call job carries no region)' },
  { pattern: /^SELECT \* FROM job WHERE id = ANY\(\$1::uuid\[\]\)$/, why: 'the worker reads the jobs of a batch of results by id: it learns each job\'s region, which its command\'s lock then names' },
  { pattern: /^SELECT \* FROM timer WHERE id = \$1$/, why: 'a timer job reads its timer by id as the system: it learns the region, which the firing\'s lock and updates then name' },
  { pattern: /^UPDATE job SET state = 'activatable', worker = NULL, deadline = NULL WHERE state = 'activated' AND deadline < now\(\)/, why: 'the sweeper frees the jobs of every region whose worker timed out' },
  { pattern: /^UPDATE timer t SET state = 'cancelled', ended_at = \$1 WHERE t\.instance_id IS NULL/, why: 'start timers of superseded definitions, swept for every region' },
  { pattern: /^SELECT t\.id, t\.fired_count, t\.due_at FROM timer t LEFT JOIN process_instance i/, why: 'the timer sweep finds due timers of every region' },
  { pattern: /^SELECT \(SELECT id FROM outbox WHERE id > \$1::bigint AND created_at > now\(\)/, why: 'the republish sweep\'s window over the outbox of every region' },
  { pattern: /^SELECT o\.id, o\.topic, o\.payload->>'queueJobId' AS queue_job_id/, why: 'the republish sweep over the outbox of every region' },
  { pattern: /^DELETE FROM outbox WHERE id IN \( SELECT id FROM outbox WHERE created_at < \$1/, why: 'retention trims the published outbox rows of every region' },
  { pattern: /^DELETE FROM history_event WHERE id IN \( SELECT h\.id FROM history_event h JOIN process_instance p/, why: 'retention trims the history of ended cases of every region' },
  { pattern: /^SELECT 'case' AS kind, a\.process_instance_id::text AS key, a\.id::text AS id, a\.applicant_code AS code FROM unnest\(\$1::uuid\[\], \$2::text\[\]\) AS k\(instance_id, region\) JOIN application a ON a\.process_instance_id = k\.instance_id AND \(k\.region IS NULL OR a\.region = k\.region\)/, why: 'the events consumer reads the cases of up to 32 events of any regions at once, each by its instance and its outbox row\'s region' },
  { pattern: /^WITH gone AS \(DELETE FROM published_message WHERE greatest\(expires_at, created_at\)/, why: 'expired buffered messages and their deliveries, trimmed for every region' },
];

const CASE_REFERENCE = new RegExp(`\\b(FROM|JOIN|UPDATE)\\s+"?(${CASE_TABLES.join('|')})"?(\\s|$|\\))`, 'gi');
const CASE_INSERT = new RegExp(`\\bINSERT INTO\\s+"?(${CASE_TABLES.join('|')})"?\\s*\\(([^)]*)\\)`, 'gi');
const REGION_EQUALITY = /\b(\w+\.)?region = (current_setting\('tongban\.region'(, true)?\)|\$\d+)/gi;

/** What a statement misses: a region equality per case table it reads or updates, the region column in each INSERT. */
export function regionGaps(sql: string): string[] {
  const gaps: string[] = [];
  const references = [...sql.matchAll(CASE_REFERENCE)].length;
  const equalities = [...sql.matchAll(REGION_EQUALITY)].length;
  if (equalities < references) gaps.push(`${references} case table reference(s), ${equalities} region equality(ies)`);
  for (const insert of sql.matchAll(CASE_INSERT)) {
    if (!insert[2].split(',').map((column) => column.trim()).includes('region')) gaps.push(`INSERT INTO ${insert[1]} without the region column`);
  }
  return gaps;
}

describe('the distribution column in every statement of a case (Citus-ready)', () => {
  // a relay per region, as on Citus: the root region's (the demo integrator's and clerk's) and the demo city's
  const { t, api } = useTestApp(() => {
    process.env.TONGBAN_RELAY_REGIONS = `${ROOT_REGION},${DEMO_CITY.code}`;
    return startRuntimeApp();
  });

  it('finds the gaps it is meant to find', () => {
    // given statements as they were before the region was named
    const before = [
      'SELECT * FROM task WHERE id = $1',
      `SELECT x FROM process_instance WHERE id = (SELECT instance_id FROM task WHERE id = $1 AND region = current_setting('tongban.region')) FOR NO KEY UPDATE`,
      'INSERT INTO history_event (instance_id, type) VALUES ($1, $2)',
    ];

    // then each has a gap, and the same statements with the region have none
    expect(before.map((sql) => regionGaps(sql).length > 0)).toEqual([true, true, true]);
    expect(regionGaps(`SELECT * FROM task WHERE id = $1 AND region = $2`)).toEqual([]);
    expect(regionGaps(`INSERT INTO history_event (region, instance_id) VALUES (current_setting('tongban.region'), $1)`)).toEqual([]);
  });

  it('sends every statement on a case table of a real flow with a region equality, but the documented multi-shard ones', async () => {
    // given a process of five approvals, a system task done by a worker and a one-second timer
    const type = `distribution-${Date.now()}`;
    const steps = [0, 1, 2, 3, 4];
    const { key, xml } = processXml('distribution', `
      <bpmn:startEvent id="start" />${steps.map((i) => `<bpmn:userTask id="step${i}" tongban:department="health" />`).join('')}
      <bpmn:serviceTask id="archive"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'step0')}${steps.slice(1).map((i) => flow(`f${i}`, `step${i - 1}`, `step${i}`)).join('')}
      ${flow('f5', 'step4', 'archive')}${flow('f6', 'archive', 'wait')}${flow('f7', 'wait', 'end')}`);
    await api.deploy(xml);
    const clerk = await api.as('clerk.health');
    const sent: string[] = [];
    const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    pg.Client.prototype.query = function capturedQuery(this: unknown, ...args: unknown[]): unknown {
      const first = args[0] as string | { text?: string } | undefined;
      sent.push((typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim());
      return query.apply(this, args);
    } as typeof pg.Client.prototype.query;
    let worker: JobWorker | undefined;
    let id: string;
    try {
      // when: started, listed, five completions, the job done by a worker, the timer fired
      worker = createJobWorker({ redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', clusterNodes: clusterNodes(), prefix: t.queuePrefix, type, handler: async () => ({ archived: true }) });
      id = (await api.startWithKey(key)).body.id as string;
      for (const _ of steps) {
        const inbox = await t.http.get('/api/v1/tasks?state=open').set('Authorization', clerk);
        expect(inbox.status).toBe(200);
        const mine = await t.http.get(`/api/v1/tasks?processInstanceId=${id}&state=open`).set('Authorization', clerk);
        expect(mine.body.items).toHaveLength(1);
        const view = await t.http.get(`/api/v1/tasks/${mine.body.items[0].id}`).set('Authorization', clerk);
        expect(view.status).toBe(200);
        expect((await t.http.post(`/api/v1/tasks/${view.body.id}/complete`).set('Authorization', clerk).send({ variables: { ok: true } })).status).toBe(200);
      }
      await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 20_000);
    } finally {
      pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
      await worker?.close();
    }

    // then: the flow ran through every kind of statement the brief names
    const statements = [...new Set(sent)];
    const onCases = statements.filter((sql) => [...sql.matchAll(CASE_REFERENCE)].length > 0 || [...sql.matchAll(CASE_INSERT)].length > 0);
    for (const expected of [/^INSERT INTO process_instance/, /FOR NO KEY UPDATE$/, /^UPDATE task SET state/, /^WITH updated AS \(UPDATE process_instance .*INSERT INTO history_event .*INSERT INTO outbox/,
      /^INSERT INTO job /, /^UPDATE job SET state = 'completed'/, /^INSERT INTO timer /, /^UPDATE timer SET state = 'fired'/, /FROM application WHERE process_instance_id/, /FROM outbox WHERE queue_prefix = \$1 AND region = \$3 .*FOR UPDATE SKIP LOCKED/]) {
      expect(onCases.filter((sql) => expected.test(sql)).length).toBeGreaterThan(0);
    }
    // and each statement on a case table names the region, but the documented multi-shard ones
    const gaps = onCases
      .filter((sql) => !MULTI_SHARD_STATEMENTS.some((allowed) => allowed.pattern.test(sql)))
      .map((sql) => ({ sql: sql.slice(0, 300), gaps: regionGaps(sql) }))
      .filter((statement) => statement.gaps.length > 0);
    expect(gaps).toEqual([]);
  }, 90_000);

  it('names the region when an integrator suspends, resumes and cancels a case and when its call activity starts a child', async () => {
    // given a parent whose call activity starts a child waiting in a user task
    const child = processXml('distribution-child', `
      <bpmn:startEvent id="start" /><bpmn:userTask id="childTask" tongban:department="health" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'childTask')}${flow('f2', 'childTask', 'end')}`);
    await api.deploy(child.xml);
    const parent = processXml('distribution-parent', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${child.key}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'call')}${flow('f2', 'call', 'end')}`);
    await api.deploy(parent.xml);
    const control = (id: string, action: 'cancel' | 'suspend' | 'resume') => t.http.post(`/api/v1/process-instances/${id}/${action}`).set('X-API-Key', t.apiKey);
    const sent = captureStatements();
    try {
      // when the integrator starts the parent, the child starts, and the parent is suspended, resumed, suspended again and cancelled
      const parentId = (await api.startWithKey(parent.key)).body.id as string;
      await api.eventually(
        async () => (await t.http.get(`/api/v1/process-instances?parentId=${parentId}`).set('X-API-Key', t.apiKey)).body.items as unknown[],
        (items) => items.length === 1,
      );
      for (const action of ['suspend', 'resume', 'suspend', 'cancel'] as const) expect((await control(parentId, action)).status).toBe(200);
      expect((await api.instance(parentId)).state).toBe('cancelled');
    } finally {
      sent.stop();
    }

    // then the suspension's update, the cancellation's clearing of it, the child's owner and depth reads name the region
    const statements = [...new Set(sent.statements)];
    const named = [/^UPDATE process_instance SET suspended = \$2/, /^UPDATE process_instance SET suspended = false/, /^SELECT owner FROM process_instance WHERE id = \$1/, /^WITH RECURSIVE up AS/];
    for (const pattern of named) {
      const matching = statements.filter((sql) => pattern.test(sql));
      expect({ pattern: String(pattern), seen: matching.length > 0 }).toEqual({ pattern: String(pattern), seen: true });
      expect(matching.map((sql) => ({ sql: sql.slice(0, 300), gaps: regionGaps(sql) }))).toEqual(matching.map((sql) => ({ sql: sql.slice(0, 300), gaps: [] })));
    }
  }, 90_000);
});

/** A result of whole rows, which the runtime never sends as a named statement (as in libs/runtime/src/database/region-connections.ts). */
const WHOLE_ROWS = /(\bSELECT|\bRETURNING|,)\s*(DISTINCT\s+)?("?\w+"?\.)?\*/i;

/** The case tables the catalog writes: its inserts name the distribution column themselves. */
const CATALOG_CASE_TABLES = ['application', 'task_clock', 'clock_warning', 'case_clock_pause', 'case_clock_warning', 'case_correction', 'material_follow_up',
  'notification', 'rating', 'rating_follow_up', 'webhook_delivery', 'webhook_attempt'];

describe('the distribution column in the catalog\'s inserts of a case (Citus-ready)', () => {
  // a day whose 20-working-day legal limits end inside the calendar's known years, so every clock of the case is counted and warned
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock('2026-06-01T02:00:00Z') }));
  const b = new BundleClient(t, api);

  it('names the region in every row an application writes to the catalog\'s case tables: the application, its task clocks and their warnings, the case\'s warnings and notifications, the outbox rows of the messages they schedule; and lists the columns it reads', async () => {
    // given a company holding a business licence
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const sent = captureStatements();
    let applicationId: string;
    try {
      // when it applies to open a restaurant (a deferred material) and the three departments approve
      const { response } = await b.submitRestaurant(creditCode);
      expect(response.status).toBe(201);
      applicationId = response.body.id as string;
      const tasks = await b.openTasks(response.body.processInstanceId as string, ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve']);
      for (const [element, clerk] of [['Task_SH_SCJG_001_approve', 'clerk.market-regulation'], ['Task_SH_LHSR_014_approve', 'clerk.city-appearance'], ['Task_SH_XF_003_approve', 'clerk.fire-rescue']]) {
        expect((await api.complete(tasks[element].id, clerk, { approved: true })).status).toBe(200);
      }
      await api.eventually(() => b.application(applicationId), (a: { state: string }) => a.state === 'completed', 30_000);
    } finally {
      sent.stop();
    }

    // then the inserts into the catalog's case tables and the outbox (the warnings' scheduled messages) were sent, each naming the region
    const inserts = [...new Set(sent.statements)].flatMap((sql) => [...sql.matchAll(CASE_INSERT)].map((insert) => ({ table: insert[1].toLowerCase(), sql })))
      .filter(({ table }) => CATALOG_CASE_TABLES.includes(table) || table === 'outbox');
    expect([...new Set(inserts.map((insert) => insert.table))].sort()).toEqual(expect.arrayContaining(['application', 'case_clock_warning', 'clock_warning', 'notification', 'outbox', 'task_clock']));
    expect(inserts.map(({ table, sql }) => ({ table, sql: sql.slice(0, 200), gaps: regionGaps(sql).filter((gap) => gap.startsWith('INSERT')) })).filter((insert) => insert.gaps.length > 0)).toEqual([]);
    // and the catalog's reads list their columns (whole-row results stay unnamed statements): the certificates it checks and issues among them
    const catalogReads = [...new Set(sent.statements)].filter((sql) => new RegExp(`\\b(FROM|JOIN)\\s+(${[...CATALOG_CASE_TABLES, 'certificate'].join('|')})\\b`, 'i').test(sql));
    expect(catalogReads.filter((sql) => /^SELECT .*FROM certificate /.test(sql)).length).toBeGreaterThan(0);
    expect(catalogReads.filter((sql) => WHOLE_ROWS.test(sql))).toEqual([]);
  }, 90_000);
});

/** Records the text of every statement any pg client of the process sends until `stop`. */
function captureStatements(): { statements: string[]; stop: () => void } {
  const statements: string[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function capturedQuery(this: unknown, ...args: unknown[]): unknown {
    const first = args[0] as string | { text?: string } | undefined;
    statements.push((typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim());
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return { statements, stop: () => { pg.Client.prototype.query = query as typeof pg.Client.prototype.query; } };
}
