import { createJobWorker, jobTopic, jobWithdrawnKey, QueueProducer, RedisConnections, StrandedWorkRecovery, type JobWorker } from '@tongban/runtime';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ApiClient } from '../support/api-client';
import { inRoot } from '../support/root-scope';
import { clusterNodes } from '../support/test-redis';
import type { TestApp } from '../support/test-app';
import { flow, processXml } from './support/bpmn';
import { startRuntimeApp } from './support/runtime-app';

const BRANCHES = ['a', 'b', 'c', 'd', 'e'];
/** The job types of this run that travel in groups (`TONGBAN_JOB_GROUP_TYPES`), one a test; others go alone. */
const RUN = Math.random().toString(16).slice(2, 8);
const GROUPED_TYPES = [1, 2, 3, 4, 5].map((n) => `grouped-${RUN}-${n}`);

/**
 * Job messages in groups (`TONGBAN_JOB_GROUP_SIZE` above 1): the relay puts the messages of one type
 * published in one batch in one BullMQ job; the department worker runs and reports each on its own.
 */
describe('system-task job messages in groups', () => {
  let t: TestApp;
  let api: ApiClient;
  let db: DataSource;
  let redis: Redis;
  let worker: JobWorker | undefined;
  const env = { size: process.env.TONGBAN_JOB_GROUP_SIZE, types: process.env.TONGBAN_JOB_GROUP_TYPES, grace: process.env.TONGBAN_STRANDED_GRACE_MS };
  let deployed = 0;

  beforeAll(async () => {
    process.env.TONGBAN_JOB_GROUP_SIZE = '10';
    process.env.TONGBAN_JOB_GROUP_TYPES = GROUPED_TYPES.join(',');
    process.env.TONGBAN_STRANDED_GRACE_MS = '0';
    t = await startRuntimeApp();
    api = new ApiClient(t);
    db = inRoot(t.app).get(DataSource);
    redis = inRoot(t.app).get(RedisConnections).create();
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
    for (const [name, value] of [['TONGBAN_JOB_GROUP_SIZE', env.size], ['TONGBAN_JOB_GROUP_TYPES', env.types], ['TONGBAN_STRANDED_GRACE_MS', env.grace]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** `start → fork → five service tasks of one type → join → end`: one command creates five jobs, published in one batch. */
  async function deployFiveJobs(type = GROUPED_TYPES[deployed++], retries = 3) {
    const { key, xml } = processXml('grouped', `
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${BRANCHES.map((b) => `<bpmn:serviceTask id="check_${b}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="${retries}" /></bpmn:extensionElements></bpmn:serviceTask>
      ${flow(`in_${b}`, 'fork', `check_${b}`)}${flow(`out_${b}`, `check_${b}`, 'join')}`).join('')}
      ${flow('f1', 'start', 'fork')}${flow('f2', 'join', 'end')}`);
    await api.deploy(xml);
    return { key, type };
  }

  function departmentWorker(type: string, handler: Parameters<typeof createJobWorker>[0]['handler']): JobWorker {
    return createJobWorker({ redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', clusterNodes: clusterNodes(), prefix: t.queuePrefix, type, concurrency: 2, handler });
  }

  /** The instance's job rows' outbox rows, once all are published: the group each was published in. */
  async function publishedGroups(instanceId: string): Promise<{ jobId: string; groupId: string | null; republishes: number }[]> {
    const read = () => db.query(
      `SELECT payload->>'jobId' AS "jobId", payload->>'queueGroupId' AS "groupId", COALESCE((payload->>'republishes')::int, 0) AS republishes, published_at
         FROM outbox WHERE instance_id = $1 AND topic LIKE 'jobs.%' ORDER BY id`,
      [instanceId],
    ) as Promise<{ jobId: string; groupId: string | null; republishes: number; published_at: Date | null }[]>;
    const rows = await api.eventually(read, (found) => found.length === BRANCHES.length && found.every((row) => row.published_at !== null));
    return rows.map(({ jobId, groupId, republishes }) => ({ jobId, groupId, republishes }));
  }

  it('runs each message of a group on its own, in the worker\'s slots: one failing message is retried alone, every job completed once', async () => {
    // given five jobs of one type published as one group
    const { key, type } = await deployFiveJobs();
    const id = (await api.startWithKey(key, {})).body.id as string;
    const rows = await publishedGroups(id);
    expect(new Set(rows.map((row) => row.groupId)).size).toBe(1);
    const groupId = rows[0].groupId!;
    expect(groupId).toMatch(/^jobs-[0-9a-f]{40}$/);
    const group = await inRoot(t.app).get(QueueProducer).queue(jobTopic(type)).getJob(groupId);
    expect((group?.data as { messages: { jobId: string }[] }).messages.map((m) => m.jobId)).toEqual(rows.map((row) => row.jobId));

    // when a worker of two slots runs it, the third message failing once
    const runs: string[] = [];
    let atOnce = 0;
    let most = 0;
    worker = departmentWorker(type, async (job) => {
      runs.push(job.jobId);
      atOnce++;
      most = Math.max(most, atOnce);
      await new Promise((resolve) => setTimeout(resolve, 20));
      atOnce--;
      if (job.elementId === 'check_c' && runs.filter((run) => run === job.jobId).length === 1) throw new Error('registry busy');
      return { [`${job.elementId}Done`]: true };
    });

    // then the instance completes; the failing message ran twice, every other once, at most two at a time
    const done = await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 15_000);
    expect(done.variables).toMatchObject(Object.fromEntries(BRANCHES.map((b) => [`check_${b}Done`, true])));
    const failing = rows[2].jobId;
    expect(runs.filter((run) => run === failing)).toHaveLength(2);
    expect(runs.filter((run) => run !== failing).sort()).toEqual(rows.map((row) => row.jobId).filter((jobId) => jobId !== failing).sort());
    expect(most).toBeLessThanOrEqual(2);
    expect(await db.query(`SELECT state, count(*)::int AS n FROM job WHERE type = $1 GROUP BY state`, [type])).toEqual([{ state: 'completed', n: 5 }]);
  });

  it('skips a message whose job was completed over REST while its group waited, and runs the others', async () => {
    // given a group of five waiting, no department worker yet
    const { key, type } = await deployFiveJobs();
    const id = (await api.startWithKey(key, {})).body.id as string;
    const rows = await publishedGroups(id);

    // when one job is activated and completed over REST
    const post = (path: string, body: Record<string, unknown>) => t.http.post(`/api/v1${path}`).set('X-API-Key', t.apiKey).send(body);
    const activated = await post('/jobs/activate', { type, maxJobs: 1, workerId: 'window', timeout: 60_000 });
    const served = activated.body.jobs[0].id as string;
    expect((await post(`/jobs/${served}/complete`, { variables: { servedOverRest: true } })).status).toBe(200);

    // then its message is marked withdrawn (a group cannot lose one message), and a worker taking the group skips it
    expect(await redis.get(jobWithdrawnKey(t.queuePrefix, jobTopic(type), served))).toBe('1');
    const runs: string[] = [];
    worker = departmentWorker(type, (job) => {
      runs.push(job.jobId);
      return { [`${job.elementId}Done`]: true };
    });
    const done = await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 15_000);
    expect(done.variables).toMatchObject({ servedOverRest: true });
    expect(runs.sort()).toEqual(rows.map((row) => row.jobId).filter((jobId) => jobId !== served).sort());
  });

  it('skips the messages of a cancelled instance\'s jobs while their group waited', async () => {
    // given two instances' groups waiting, no department worker yet
    const { key, type } = await deployFiveJobs();
    const kept = (await api.startWithKey(key, {})).body.id as string;
    const cancelled = (await api.startWithKey(key, {})).body.id as string;
    const keptRows = await publishedGroups(kept);
    const cancelledRows = await publishedGroups(cancelled);

    // when one instance is cancelled: its jobs are withdrawn (through the outbox, by the worker)
    const admin = await api.as('admin');
    expect((await t.http.post(`/api/v1/process-instances/${cancelled}/cancel`).set('Authorization', admin)).status).toBe(200);
    const marks = () => Promise.all(cancelledRows.map((row) => redis.get(jobWithdrawnKey(t.queuePrefix, jobTopic(type), row.jobId))));
    await api.eventually(marks, (found) => found.every((mark) => mark === '1'));

    // then a worker taking both groups runs the other instance's messages only
    const runs: string[] = [];
    worker = departmentWorker(type, (job) => {
      runs.push(job.jobId);
      return {};
    });
    await api.eventually(() => api.instance(kept), (instance) => instance.state === 'completed', 15_000);
    await api.eventually(() => inRoot(t.app).get(QueueProducer).queue(jobTopic(type)).getJobCounts('wait', 'active'), (counts) => counts.wait + counts.active === 0);
    expect(runs.sort()).toEqual(keptRows.map((row) => row.jobId).sort());
  });

  it('re-publishes the rows of a group whose BullMQ job vanished, under the same group id, and loses no job', async () => {
    // given a group of five waiting, no department worker yet
    const { key, type } = await deployFiveJobs();
    const id = (await api.startWithKey(key, {})).body.id as string;
    const rows = await publishedGroups(id);
    const queue = inRoot(t.app).get(QueueProducer).queue(jobTopic(type));

    // when Redis loses the group behind Tongban's back
    expect(await queue.remove(rows[0].groupId!)).toBe(1);
    await inRoot(t.app).get(StrandedWorkRecovery).sweep(0);

    // then its rows are re-published once, in a group of the same id, which a worker then runs: each job once
    const again = await api.eventually(() => publishedGroups(id), (found) => found.every((row) => row.republishes === 1));
    expect(again.map((row) => row.groupId)).toEqual(rows.map((row) => row.groupId));
    expect(await api.eventually(() => queue.getJob(rows[0].groupId!), (job) => job !== undefined)).toBeDefined();
    const runs: string[] = [];
    worker = departmentWorker(type, (job) => {
      runs.push(job.jobId);
      return {};
    });
    await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 15_000);
    expect(runs.sort()).toEqual(rows.map((row) => row.jobId).sort());
  });

  it('publishes a row re-published on its own as a lone message, no longer naming the group it left', async () => {
    // given a group of five waiting
    const { key, type } = await deployFiveJobs();
    const id = (await api.startWithKey(key, {})).body.id as string;
    const rows = await publishedGroups(id);
    const queue = inRoot(t.app).get(QueueProducer).queue(jobTopic(type));

    // when one of its rows is published again by itself (as the Redis-loss recovery re-arms rows)
    await db.query(`UPDATE outbox SET published_at = NULL WHERE instance_id = $1 AND payload->>'jobId' = $2`, [id, rows[1].jobId]);

    // then it goes out alone under its own id, and its row names no group: the sweep checks that job from now on
    const again = await api.eventually(() => publishedGroups(id), (found) => found[1].groupId === null);
    expect(again.map((row) => row.groupId)).toEqual(rows.map((row, i) => (i === 1 ? null : row.groupId)));
    expect((await queue.getJob(`job-${rows[1].jobId}`))?.name).toBe('job.created');
    const runs: string[] = [];
    worker = departmentWorker(type, (job) => {
      runs.push(job.jobId);
      return {};
    });
    await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 15_000);
    expect(new Set(runs)).toEqual(new Set(rows.map((row) => row.jobId)));
  });

  it('sends the messages of a type TONGBAN_JOB_GROUP_TYPES does not name alone, as without groups', async () => {
    // given a type left out of the grouped ones
    const { key, type } = await deployFiveJobs(`alone-${RUN}`);

    // when an instance creates five jobs of it in one command
    const id = (await api.startWithKey(key, {})).body.id as string;

    // then each message is a BullMQ job of its own, and a worker runs each once
    const rows = await publishedGroups(id);
    expect(rows.map((row) => row.groupId)).toEqual(rows.map(() => null));
    const queue = inRoot(t.app).get(QueueProducer).queue(jobTopic(type));
    expect((await Promise.all(rows.map((row) => queue.getJob(`job-${row.jobId}`)))).every((job) => job?.name === 'job.created')).toBe(true);
    const runs: string[] = [];
    worker = departmentWorker(type, (job) => {
      runs.push(job.jobId);
      return {};
    });
    await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 15_000);
    expect(runs.sort()).toEqual(rows.map((row) => row.jobId).sort());
  });
});
