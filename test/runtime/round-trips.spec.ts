import { regionContext } from '@tongban/kernel';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { startRuntimeApp } from './support/runtime-app';

interface Call { runner: unknown; sql: string; ours: boolean }

const TRANSACTION_CONTROL = /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i;

/** The statements of one command: those of its query runner whose parameters name its ids, and the BEGIN and COMMIT around them. */
function statementsOfCommand(calls: Call[]): string[] {
  const runner = calls.find((call) => call.ours)?.runner;
  return calls.filter((call, i) => {
    if (call.runner !== runner) return false;
    if (call.ours) return true;
    if (!TRANSACTION_CONTROL.test(call.sql.trim())) return false;
    const same = calls.map((other, j) => ({ other, j })).filter(({ other, j }) => other.runner === call.runner && j !== i);
    const neighbour = /^(START|BEGIN)/i.test(call.sql.trim()) ? same.find(({ j }) => j > i) : same.reverse().find(({ j }) => j < i);
    return neighbour?.other.ours === true;
  }).map((call) => call.sql.replace(/\s+/g, ' ').trim());
}

describe('round trips of a start', () => {
  const { t, api } = useTestApp(startRuntimeApp);
  const departments = ['market-regulation', 'city-appearance', 'fire-rescue', 'health', 'public-security'];
  /** A statement as the system (every region), through the application's own data source. */
  const sql = (text: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> => regionContext.runAsSystem(() => t.app.get(DataSource).query(text, params));

  /** A fork into one approval per department, deployed under `key` (a new version each time `label` changes). */
  function fiveApprovals(key: string, label = 'approve') {
    return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="defs-${key}" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
    ${departments.map((d, i) => `<bpmn:userTask id="approve${i}" name="${label} ${i}" tongban:department="${d}" />`).join('')}
    <bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
    ${flow('f0', 'start', 'fork')}
    ${departments.map((_, i) => `${flow(`a${i}`, 'fork', `approve${i}`)}${flow(`b${i}`, `approve${i}`, 'join')}`).join('')}
    ${flow('f9', 'join', 'end')}
  </bpmn:process>
</bpmn:definitions>`;
  }

  /** Starts `key` over REST as the integrator: the statements of its transaction, and those of any other connection that name the process. */
  async function statementsOfStart(key: string): Promise<{ id: string; version: number; statements: string[]; outside: string[]; roundTrips: string[][] }> {
    const calls: Array<Call & { parameters: string }> = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
      calls.push({ runner: this, sql, ours: false, parameters: JSON.stringify(parameters ?? []) });
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, parameters, ...rest);
    } as never);
    let response: Awaited<ReturnType<typeof api.startWithKey>> | undefined;
    let trips: RoundTrip[];
    try {
      trips = await recordingRoundTrips(async () => {
        response = await api.startWithKey(key);
        expect(response.status).toBe(201);
      });
    } finally {
      spy.mockRestore();
    }
    const id = response!.body.id as string;
    for (const call of calls) call.ours = call.parameters.includes(id);
    const statements = statementsOfCommand(calls);
    const outside = calls.filter((call) => !call.ours && call.parameters.includes(key)).map((call) => call.sql);
    return { id, version: response!.body.version as number, statements, outside, roundTrips: roundTripsOfCommand(trips, [id]) };
  }

  it('a start is one transaction of three round trips: the instance row (with the BEGIN) in the region it chooses with its definition verified, then the tasks, history and outbox in one statement; the definition is remembered, not read again', async () => {
    // given five parallel approvals, started once (the process's latest definition is remembered)
    const key = uniqueKey('start-round-trips');
    await api.deploy(fiveApprovals(key));
    expect((await api.startWithKey(key)).status).toBe(201);

    // when
    const { id, statements, outside, roundTrips } = await statementsOfStart(key);

    // then
    expect(statements).toHaveLength(4);
    expect(statements[0]).toBe('START TRANSACTION');
    expect(statements[1]).toMatch(/^INSERT INTO process_instance \(region, .* SELECT set_config\('tongban\.region', COALESCE\(NULLIF\(current_setting\('tongban\.region', true\), ''\), d\.region\), true\), .* FROM process_definition d WHERE d\.id = \$2 AND d\.version = \(SELECT max\(l\.version\) FROM process_definition l WHERE l\.key = d\.key\) RETURNING 1$/);
    expect(statements[2]).toMatch(/^WITH new_tasks AS \(INSERT INTO task .*\), new_history AS \(INSERT INTO history_event .*\) SELECT 1$/);
    expect(statements[3]).toBe('COMMIT');
    expect(outside).toEqual([]);
    // on the wire the BEGIN rides with the instance row's INSERT
    expect(roundTrips.map(([text]) => text.slice(0, 21))).toEqual(['INSERT INTO process_i', 'WITH new_tasks AS (IN', 'COMMIT']);
    // and the rows are all there, in the caller's region
    const tasks = await api.tasks(id);
    expect(tasks.map((task) => task.department).sort()).toEqual([...departments].sort());
    expect((await api.history(id)).map((h) => h.type)).toContain('instance.started');
    const [row] = await sql(`SELECT region FROM process_instance WHERE id = $1`, [id]);
    expect(row.region).toBe('cn');
  });

  it('a start after another version was deployed starts that version, though the previous one was remembered as the latest', async () => {
    // given version 1, started (remembered as the latest)
    const key = uniqueKey('start-newer-version');
    await api.deploy(fiveApprovals(key));
    expect((await statementsOfStart(key)).version).toBe(1);

    // when version 2 is deployed and the process started again
    await api.deploy(fiveApprovals(key, 'check'));
    const { id, version, statements } = await statementsOfStart(key);

    // then the first statement refused the remembered version 1 and the start ran again from version 2
    expect(version).toBe(2);
    expect(statements.filter((sql) => sql.startsWith('INSERT INTO process_instance'))).toHaveLength(1);
    expect((await api.tasks(id)).map((task) => (task as { name?: string }).name).sort()).toEqual(departments.map((_, i) => `check ${i}`));
    const [row] = await sql(`SELECT definition_version FROM process_instance WHERE id = $1`, [id]);
    expect(row.definition_version).toBe(2);
  });

  it('a start of a version no longer visible to the caller is refused with 404, though it was remembered', async () => {
    // given a version started once (remembered), then moved out of the caller's region
    const key = uniqueKey('start-hidden-version');
    const deployed = await api.deploy(fiveApprovals(key));
    expect((await api.startWithKey(key)).status).toBe(201);
    await sql(`INSERT INTO region (code, name, parent, level) VALUES ('rt-elsewhere', '别处', 'cn', 'province') ON CONFLICT DO NOTHING`);
    await sql(`UPDATE process_definition SET region = 'rt-elsewhere' WHERE id = $1`, [deployed.processes[0].id]);

    // when
    const response = await api.startWithKey(key);

    // then
    expect(response.status).toBe(404);
    const [count] = await sql(`SELECT count(*)::int AS n FROM process_instance WHERE process_key = $1`, [key]);
    expect(count.n).toBe(1);
  });
});

/** One exchange with PostgreSQL on a connection: the queries written before the first of them was answered. */
interface RoundTrip { client: unknown; texts: string[]; values: string }

/**
 * Records the round trips node-postgres makes while `run` runs: a query written while its connection
 * has none outstanding opens a round trip; one written while an earlier is still unanswered (pipelined)
 * travels in that round trip.
 */
async function recordingRoundTrips(run: () => Promise<void>): Promise<RoundTrip[]> {
  const trips: RoundTrip[] = [];
  const outstanding = new Map<unknown, RoundTrip>();
  const pending = new Map<unknown, number>();
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function recordedQuery(this: unknown, ...args: unknown[]): unknown {
    const config = args[0] as string | { text?: string; values?: unknown[]; callback?: (...a: unknown[]) => void; submit?: unknown };
    const text = typeof config === 'string' ? config : config.text ?? '';
    const values = JSON.stringify((typeof config === 'string' ? args[1] : config.values ?? args[1]) ?? []);
    let trip = outstanding.get(this);
    if (!trip) {
      trip = { client: this, texts: [], values: '' };
      trips.push(trip);
      outstanding.set(this, trip);
    }
    trip.texts.push(text.replace(/\s+/g, ' ').trim());
    // a statement written with its transaction's COMMIT in one exchange
    const followedBy = typeof config === 'string' ? undefined : (config as { followedBy?: string }).followedBy;
    if (followedBy) trip.texts.push(followedBy);
    trip.values += values;
    pending.set(this, (pending.get(this) ?? 0) + 1);
    const answered = () => {
      const left = pending.get(this)! - 1;
      pending.set(this, left);
      if (left === 0) outstanding.delete(this);
    };
    if (typeof config !== 'string' && typeof config.submit === 'function' && config.callback) {
      const callback = config.callback;
      let once = false;
      config.callback = (...a: unknown[]) => {
        if (!once) answered();
        once = true;
        return callback(...a);
      };
    }
    const result = original.apply(this, args);
    if (result instanceof Promise) result.then(answered, answered);
    return result;
  };
  try {
    await run();
  } finally {
    prototype.query = original;
  }
  return trips;
}

/** The round trips of one command's transaction (the first whose parameters name one of `ids`): on its connection, from its BEGIN (or first statement) through its COMMIT. */
function roundTripsOfCommand(trips: RoundTrip[], ids: string[]): string[][] {
  const first = trips.findIndex((trip) => ids.some((id) => trip.values.includes(id)));
  expect(first).toBeGreaterThanOrEqual(0);
  const client = trips[first].client;
  const own = trips.filter((trip) => trip.client === client);
  let start = own.indexOf(trips[first]);
  if (start > 0 && /^(START TRANSACTION|BEGIN)\b/.test(own[start - 1].texts[0])) start--;
  const end = own.findIndex((trip, i) => i >= start && trip.texts.some((text) => /^(COMMIT|ROLLBACK)$/.test(text)));
  return own.slice(start, end + 1).map((trip) => trip.texts);
}

describe('round trips of task completions (the hot path)', () => {
  const { t, api } = useTestApp(startRuntimeApp);

  /** Completes a task over REST: the statements its command sent to PostgreSQL, and its transaction's round trips on the wire. */
  async function completion(instanceId: string, task: { id: string; department: string }): Promise<{ statements: string[]; roundTrips: string[][] }> {
    const authorization = await api.as(`clerk.${task.department}`);
    const calls: Call[] = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
      const text = JSON.stringify(parameters ?? []);
      calls.push({ runner: this, sql, ours: text.includes(instanceId) || text.includes(task.id) });
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, parameters, ...rest);
    } as never);
    let trips: RoundTrip[];
    try {
      trips = await recordingRoundTrips(async () => {
        const response = await t.http.post(`/api/v1/tasks/${task.id}/complete`).set('Authorization', authorization).send({ variables: { ok: true } });
        expect(response.status).toBe(200);
      });
    } finally {
      spy.mockRestore();
    }
    return { statements: statementsOfCommand(calls), roundTrips: roundTripsOfCommand(trips, [instanceId, task.id]) };
  }

  it('a completion is one transaction of three round trips on one connection: the instance and the task read and locked by the task id (with the BEGIN), the task update, and one statement committing instance, history, outbox and notification with the COMMIT', async () => {
    // given three parallel approvals, the first one completed (the step check has seen the instance)
    const departments = ['health', 'public-security', 'medical-insurance'];
    const { key, xml } = processXml('round-trips', `
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      ${departments.map((d, i) => `<bpmn:userTask id="approve${i}" tongban:department="${d}" />`).join('')}
      <bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'fork')}
      ${departments.map((_, i) => `${flow(`a${i}`, 'fork', `approve${i}`)}${flow(`b${i}`, `approve${i}`, 'join')}`).join('')}
      ${flow('f9', 'join', 'end')}`);
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const tasks = await api.tasks(id);
    expect((await api.complete(tasks[0].id, `clerk.${tasks[0].department}`, { ok: true })).status).toBe(200);

    // when: a completion that waits at the join, and the one that passes it and ends the instance
    const waiting = await completion(id, tasks[1]);
    const ending = await completion(id, tasks[2]);

    // then: five statements each; the task is read once, locked with the instance, so it sees the
    // 后加签 signers a concurrent command may have added
    for (const { statements, roundTrips } of [waiting, ending]) {
      expect(statements).toHaveLength(5);
      expect(statements[0]).toBe('START TRANSACTION');
      // the clerk's scope is one region: the lock names it (the distribution column) on both rows, and after it every statement names the instance's
      expect(statements[1]).toMatch(/^SELECT p\.id, .* FROM task t JOIN process_instance p ON p\.id = t\.instance_id AND p\.region = t\.region WHERE t\.id = \$1 AND t\.region = current_setting\('tongban\.region'\) AND p\.region = current_setting\('tongban\.region'\) FOR NO KEY UPDATE OF p, t$/);
      expect(statements[2]).toMatch(/^UPDATE task SET state = /);
      expect(statements[3]).toMatch(/^WITH updated AS \(UPDATE process_instance .*new_history AS \(INSERT INTO history_event/);
      expect(statements[4]).toBe('COMMIT');
      // on the wire: the BEGIN rides with the first statement and the COMMIT with the last (one exchange, one Sync each):
      // the command's COMMIT is answered without a round trip of its own
      expect(roundTrips.map((trip) => trip.length)).toEqual([1, 1, 2]);
      expect(roundTrips.map(([text]) => text.slice(0, 21))).toEqual(['SELECT p.id, p.defini', 'UPDATE task SET state', 'WITH updated AS (UPDA']);
    }
  });

  it('a task list is one round trip: the page and its bounded total in one statement', async () => {
    // given
    const { key, xml } = processXml('round-trips-list', `
      <bpmn:startEvent id="start" /><bpmn:userTask id="approve" tongban:department="health" /><bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'approve')}${flow('f1', 'approve', 'end')}`);
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;

    // when
    let listed: Array<{ id: string }> = [];
    const trips = await recordingRoundTrips(async () => {
      listed = await api.tasks(id);
    });

    // then
    expect(listed).toHaveLength(1);
    // (when the connection does not carry the caller's scope yet, it is pipelined around the statement in that round trip)
    const ofList = trips.filter((trip) => trip.values.includes(id));
    expect(ofList).toHaveLength(1);
    const statements = ofList[0].texts.filter((text) => / FROM task /.test(text));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^WITH page AS \(SELECT .* FROM task .*bounded AS \(SELECT count\(\*\)/);
  });

  it('a completion whose next step is a system task writes the job row, then commits the instance with its history and outbox rows in one statement', async () => {
    // given
    const { key, xml } = processXml('round-trips-job', `
      <bpmn:startEvent id="start" /><bpmn:userTask id="approve" tongban:department="health" />
      <bpmn:serviceTask id="archive"><bpmn:extensionElements><zeebe:taskDefinition type="round-trips-archive" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'approve')}${flow('f1', 'approve', 'archive')}${flow('f2', 'archive', 'end')}`);
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const [task] = await api.tasks(id);

    // when
    const { statements, roundTrips } = await completion(id, task);

    // then: the step check takes the definition from the locked instance (no read of its own), and the
    // job row's INSERT sits between the task update and the instance commit
    expect(statements).toHaveLength(6);
    expect(statements.filter((sql) => sql.startsWith('SELECT definition_id'))).toEqual([]);
    expect(statements[2]).toMatch(/^UPDATE task SET state = /);
    expect(statements[3]).toMatch(/^INSERT INTO job /);
    expect(statements[4]).toMatch(/^WITH updated AS \(UPDATE process_instance .*new_outbox AS \(INSERT INTO outbox /);
    // and no NOTIFY inside the transaction: the relays are signalled after its COMMIT
    expect(statements.filter((sql) => /pg_notify/.test(sql))).toEqual([]);
    expect(statements[5]).toBe('COMMIT');
    expect(roundTrips).toHaveLength(4);
    expect(roundTrips[3]).toEqual([expect.stringMatching(/^WITH updated AS/), 'COMMIT']);
  });
});
