import { randomUUID } from 'node:crypto';
import { createJobWorker, JOB_RESULTS_TOPIC, jobResultJobId, outboxJobId, QueueProducer, RedisConnections, RuntimeSweeper, StrandedWorkRecovery } from '@tongban/runtime';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ApiClient } from '../support/api-client';
import { fixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { flow, processXml } from './support/bpmn';
import { startRuntimeApp } from './support/runtime-app';
import { inRoot } from '../support/root-scope';
import { clusterNodes } from '../support/test-redis';

/**
 * PostgreSQL is the truth, Redis only moves work: a continuation whose BullMQ job disappears or is
 * given up by BullMQ (stalled out) behind Tongban's back is re-published by the worker's sweep.
 */
describe('Stranded work recovery', () => {
  let t: TestApp;
  let api: ApiClient;
  let db: DataSource;
  let redis: Redis;
  const grace = process.env.TONGBAN_STRANDED_GRACE_MS;

  beforeAll(async () => {
    process.env.TONGBAN_STRANDED_GRACE_MS = '0';
    t = await startRuntimeApp();
    api = new ApiClient(t);
    db = inRoot(t.app).get(DataSource);
    redis = inRoot(t.app).get(RedisConnections).create();
  });

  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
    if (grace === undefined) delete process.env.TONGBAN_STRANDED_GRACE_MS;
    else process.env.TONGBAN_STRANDED_GRACE_MS = grace;
  });

  async function continuationRow(instanceId: string): Promise<{ id: string; published_at: Date | null; payload: Record<string, unknown> }> {
    const rows = await db.query(`SELECT id, published_at, payload FROM outbox WHERE topic = 'continuation' AND instance_id = $1 ORDER BY id`, [instanceId]);
    return rows[0];
  }

  /** Deploys `start → service task verify (a department's job type of its own) → end` and holds Tongban's results queue. */
  async function deployWithResultsHeld(processName: string, typePrefix: string) {
    const type = `${typePrefix}-${Date.now()}`;
    const { key, xml } = processXml(processName, `
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="verify"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'verify')}${flow('f2', 'verify', 'end')}`);
    await api.deploy(xml);
    const results = inRoot(t.app).get(QueueProducer).queue(JOB_RESULTS_TOPIC);
    await results.pause();
    return { key, type, results };
  }

  /** Moves a waiting job into the failed set, as BullMQ does with a job that stalled out. */
  async function failBehindTongbansBack(topic: string, jobId: string): Promise<void> {
    const prefix = `${t.queuePrefix}:${topic}`;
    await redis.lrem(`${prefix}:wait`, 0, jobId);
    await redis.lrem(`${prefix}:paused`, 0, jobId);
    await redis.zadd(`${prefix}:failed`, Date.now(), jobId);
    await redis.hset(`${prefix}:${jobId}`, 'failedReason', 'job stalled more than allowable limit', 'finishedOn', String(Date.now()));
  }

  it('retries a department worker\'s result that BullMQ failed while the job is still activatable', async () => {
    // given: a service task served by a department worker, and Tongban's results queue held
    const { key, type, results } = await deployWithResultsHeld('stranded-job', 'stranded');
    const worker = createJobWorker({ redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', clusterNodes: clusterNodes(), prefix: t.queuePrefix, type, handler: async () => ({ verified: true }) });
    try {
      const id = (await api.startWithKey(key)).body.id as string;
      const [job] = await api.eventually(() => db.query(`SELECT id FROM job WHERE instance_id = $1`, [id]) as Promise<{ id: string }[]>, (rows) => rows.length === 1);
      const resultId = jobResultJobId(job.id);
      await api.eventually(() => results.getJobState(resultId), (state) => state === 'waiting');

      // when: BullMQ gives up on the result
      await failBehindTongbansBack(JOB_RESULTS_TOPIC, resultId);
      await results.resume();

      // then: the sweep retries it and the instance completes with the worker's variables
      const done = await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 20_000);
      expect(done.variables).toMatchObject({ verified: true });
    } finally {
      await results.resume();
      await worker.close();
    }
  }, 40_000);

  it('retries a report of several results that BullMQ failed while its jobs are still activatable', async () => {
    // given: two instances waiting in a service task, a department worker that ends both at once, and Tongban's results queue held
    const { key, type, results } = await deployWithResultsHeld('stranded-report', 'stranded-report');
    let seen = 0;
    let release!: () => void;
    const together = new Promise<void>((resolve) => (release = resolve));
    const worker = createJobWorker({
      redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', clusterNodes: clusterNodes(), prefix: t.queuePrefix, type,
      handler: async () => {
        if (++seen === 2) release();
        await together;
        return { verified: true };
      },
    });
    try {
      const ids = [(await api.startWithKey(key)).body.id as string, (await api.startWithKey(key)).body.id as string];
      const waiting = await api.eventually(() => results.getJobs(['waiting']), (jobs) => jobs.some((job) => job.id?.startsWith('results-')));
      const report = waiting.find((job) => job.id?.startsWith('results-'))!;
      expect((report.data as { results: unknown[] }).results).toHaveLength(2);

      // when: BullMQ gives up on the report
      await failBehindTongbansBack(JOB_RESULTS_TOPIC, report.id!);
      await results.resume();

      // then: the sweep retries it and both instances complete with the worker's variables
      for (const id of ids) {
        const done = await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 20_000);
        expect(done.variables).toMatchObject({ verified: true });
      }
    } finally {
      await results.resume();
      await worker.close();
    }
  }, 40_000);

  it('re-publishes a continuation whose job was removed and one whose job BullMQ failed, and leaves applied work alone', async () => {
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);

    // given: an instance whose continuation was applied, and its completed job then removed
    const applied = (await api.startWithKey(key)).body.id as string;
    await api.eventually(() => api.tasks(applied), (tasks) => tasks.length === 1);
    const appliedRow = await continuationRow(applied);
    const queue = inRoot(t.app).get(QueueProducer).queue('continuation');
    await queue.remove(outboxJobId(appliedRow.id));

    // and: two instances whose continuations are published while nobody takes them up
    await queue.pause();
    const removed = (await api.startWithKey(key)).body.id as string;
    const failed = (await api.startWithKey(key)).body.id as string;
    const removedRow = await api.eventually(() => continuationRow(removed), (row) => !!row?.published_at);
    const failedRow = await api.eventually(() => continuationRow(failed), (row) => !!row?.published_at);

    // when: one job vanishes from Redis, the other ends in the failed set as a stalled-out job does
    await queue.remove(outboxJobId(removedRow.id));
    const failedJobId = outboxJobId(failedRow.id);
    await failBehindTongbansBack('continuation', failedJobId);
    expect(await queue.getJobState(outboxJobId(removedRow.id))).toBe('unknown');
    expect(await queue.getJobState(failedJobId)).toBe('failed');
    await queue.resume();

    // then: the sweep re-publishes both and the instances reach their task
    for (const id of [removed, failed]) {
      const tasks = await api.eventually(() => api.tasks(id), (list) => list.length === 1, 20_000);
      expect(tasks[0]).toMatchObject({ elementId: 'review', state: 'open' });
    }
    expect((await continuationRow(removed)).payload.republishes).toBe(1);
    expect((await continuationRow(failed)).payload.republishes).toBe(1);
    expect(await queue.getJobState(failedJobId)).toBe('completed');

    // and: the applied continuation (its instance no longer waits there) was not re-published
    expect((await continuationRow(applied)).payload.republishes).toBeUndefined();
    expect(await api.tasks(applied)).toHaveLength(1);
  }, 40_000);
});

/**
 * A call of the sweep reads one span of outbox ids, matched or not, so its cost does not grow with the
 * rows published in the window; a pass still reaches every row.
 */
describe('Stranded work recovery, one span of ids per call', () => {
  let t: TestApp;
  let api: ApiClient;
  let db: DataSource;
  const env = { grace: process.env.TONGBAN_STRANDED_GRACE_MS, sweep: process.env.TONGBAN_SWEEP_MS };
  const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));

  beforeAll(async () => {
    // the worker's own sweep runs once at start only: the calls below are the only ones
    process.env.TONGBAN_STRANDED_GRACE_MS = '0';
    process.env.TONGBAN_SWEEP_MS = String(24 * 3600 * 1000);
    t = await startTestApp();
    api = new ApiClient(t);
    db = inRoot(t.app).get(DataSource);
    // the worker's sweep at start shares the sweep's cursor: it ends before the calls below begin
    await inRoot(t.app).get(RuntimeSweeper).tick();
  });

  afterAll(async () => {
    await t?.close();
    restore('TONGBAN_STRANDED_GRACE_MS', env.grace);
    restore('TONGBAN_SWEEP_MS', env.sweep);
  });

  /**
   * Ends any sweep pass begun before (the next call begins one), then writes `done` published
   * continuations of an instance no longer running and starts an instance of `async-continuation`
   * whose continuation is published and its job removed: stranded behind the done rows.
   */
  async function strandBehindDoneRows(done: number): Promise<{ stranded: string; row: { id: string } }> {
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);
    await inRoot(t.app).get(StrandedWorkRecovery).sweep(0);
    const [{ region }] = await db.query(`SELECT region FROM process_definition WHERE key = $1`, [key]);
    const ended = randomUUID();
    await db.query(
      `INSERT INTO outbox (queue_prefix, topic, type, instance_id, payload, available_at, published_at, region)
       SELECT $1, 'continuation', 'continuation', $2::uuid, jsonb_build_object('key', '3', 'elementId', 'review', 'instanceId', $2::text), now(), now(), $3
         FROM generate_series(1, $4::int)`,
      [t.queuePrefix, ended, region, done],
    );
    const queue = inRoot(t.app).get(QueueProducer).queue('continuation');
    await queue.pause();
    const stranded = (await api.startWithKey(key)).body.id as string;
    const row = await api.eventually(
      () => db.query(`SELECT id, published_at FROM outbox WHERE topic = 'continuation' AND instance_id = $1`, [stranded]) as Promise<{ id: string; published_at: Date | null }[]>,
      (rows) => !!rows[0]?.published_at,
    );
    await queue.remove(outboxJobId(row[0].id));
    await queue.resume();
    return { stranded, row: row[0] };
  }

  it('finds a stranded continuation behind more than one span of done rows, reading at most one span per call', async () => {
    const sweeper = inRoot(t.app).get(StrandedWorkRecovery);
    const span = 100;

    // given: 250 published continuations of an instance no longer running (work done), then one whose job vanished
    const { stranded, row } = await strandBehindDoneRows(250);

    // when: the sweep is called, one span of ids at a time
    const [{ oldest }] = await db.query(`SELECT min(id) AS oldest FROM outbox WHERE created_at > now() - interval '1 hour'`);
    const floor = BigInt(oldest) > 1_000n ? BigInt(oldest) - 1_000n : 0n;
    const bound = Math.ceil(Number(BigInt(row.id) - floor) / span) + 1;
    const found: number[] = [];
    for (let call = 1; call <= bound && found.length === 0; call++) if ((await sweeper.sweep(0, span)) > 0) found.push(call);

    // then: the first calls, short of the row, re-publish nothing; it is found within the bound, and the instance goes on
    expect(bound).toBeGreaterThan(3);
    expect(found).toHaveLength(1);
    expect(found[0]).toBeGreaterThan(2);
    const tasks = await api.eventually(() => api.tasks(stranded), (list) => list.length === 1, 20_000);
    expect(tasks[0]).toMatchObject({ elementId: 'review', state: 'open' });
  }, 40_000);

  it('widens the span of a pass over a window wider than 60 spans, so a pass takes at most 60 calls', async () => {
    const sweeper = inRoot(t.app).get(StrandedWorkRecovery);
    // given: 100 published continuations of an instance no longer running, then one whose job vanished
    const { stranded, row } = await strandBehindDoneRows(100);

    // when: the sweep is asked for spans of one id over a window of more than 60 ids
    const [{ oldest }] = await db.query(`SELECT min(id) AS oldest FROM outbox WHERE created_at > now() - interval '1 hour'`);
    const floor = BigInt(oldest) > 1_000n ? BigInt(oldest) - 1_000n : 0n;
    expect(Number(BigInt(row.id) - floor)).toBeGreaterThan(100);
    let calls = 0;
    while (calls < 61 && (await sweeper.sweep(0, 1)) === 0) calls++;

    // then: the pass found the row within its 60 calls, not one call per id
    expect(calls).toBeLessThan(61);
    const tasks = await api.eventually(() => api.tasks(stranded), (list) => list.length === 1, 20_000);
    expect(tasks[0]).toMatchObject({ elementId: 'review', state: 'open' });
  }, 40_000);
});
