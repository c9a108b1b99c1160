import { BpmnError, createJobWorker, JOB_RESULTS_TOPIC, jobResultJobId, JobService, SuspendedJobError, TestClock, type JobResult, type JobWorker } from '@tongban/runtime';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { startTestApp } from '../support/test-app';
import { clusterNodes, testRedis } from '../support/test-redis';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { inRoot } from '../support/root-scope';

describe('system-task jobs and incidents', () => {
  const clock = new TestClock();
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  let db: DataSource;

  beforeAll(async () => {
    db = inRoot(t.app).get(DataSource);
  });

  const post = (path: string, body: Record<string, unknown> = {}) => t.http.post(`/api/v1${path}`).set('X-API-Key', t.apiKey).send(body);
  const get = (path: string) => t.http.get(`/api/v1${path}`).set('X-API-Key', t.apiKey);

  /** A service task of a job type unique to the test, with an error boundary for `NOT_ELIGIBLE`. */
  async function deployServiceTask(retries = 3) {
    const type = `verify-${Date.now()}-${Math.random().toString(16).slice(2, 6)}`;
    const { key, xml } = processXml('service-task', `
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="verify"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="${retries}" /><zeebe:taskHeaders><zeebe:header key="registry" value="national" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:boundaryEvent id="notEligible" attachedToRef="verify"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="refused" />
      ${flow('f1', 'start', 'verify')}${flow('f2', 'verify', 'end')}${flow('f3', 'notEligible', 'refused')}`,
      `<bpmn:error id="err" name="Not eligible" errorCode="NOT_ELIGIBLE" />`);
    await api.deploy(xml);
    return { key, type };
  }

  const activate = (type: string, maxJobs = 10, timeout = 60_000, workerId = 'police-1') => post('/jobs/activate', { type, maxJobs, workerId, timeout });

  it('hands a job out once over REST and completes the element with the worker\'s variables', async () => {
    // given
    const { key, type } = await deployServiceTask();
    const id = (await api.startWithKey(key, { idNumber: '110101' })).body.id as string;

    // when: two workers activate at once
    const [one, two] = await Promise.all([activate(type, 10, 60_000, 'w1'), activate(type, 10, 60_000, 'w2')]);
    const jobs = [...one.body.jobs, ...two.body.jobs];

    // then
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type, processInstanceId: id, processInstanceKey: id, elementId: 'verify', retries: 3, variables: { idNumber: '110101' }, customHeaders: { registry: 'national' } });
    const connection = testRedis();
    const queue = new Queue(`jobs.${type}`, { connection, prefix: t.queuePrefix });
    try {
      await api.eventually(() => queue.getJob(`job-${jobs[0].id}`), (job) => !!job);
      const completed = await post(`/jobs/${jobs[0].id}/complete`, { variables: { identityValid: true } });
      expect(completed.status).toBe(200);
      expect(completed.body.state).toBe('completed');
      expect(await queue.getJob(`job-${jobs[0].id}`)).toBeUndefined();
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(await api.instance(id)).toMatchObject({ state: 'completed', variables: { identityValid: true } });
    const again = await post(`/jobs/${jobs[0].id}/complete`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('JOB_NOT_ACTIVE');
  });

  it('hands a job out again when its worker does not complete it within the timeout', async () => {
    // given
    const { key, type } = await deployServiceTask();
    await api.startWithKey(key);
    const first = (await activate(type, 1, 200, 'slow')).body.jobs;
    expect(first).toHaveLength(1);
    expect((await activate(type)).body.jobs).toHaveLength(0);

    // when: the activation lease (the database's wall clock) runs out
    const second = await api.eventually(async () => (await activate(type, 1, 60_000, 'fast')).body.jobs, (jobs: unknown[]) => jobs.length === 1);

    // then
    expect(second).toMatchObject([{ id: first[0].id, worker: 'fast' }]);
  });

  it('retries a failed job after the backoff, raises an incident when retries are exhausted, and resumes it on resolve', async () => {
    // given
    const { key, type } = await deployServiceTask(2);
    const id = (await api.startWithKey(key)).body.id as string;
    const [job] = (await activate(type)).body.jobs;

    // when: the first failure leaves one retry after a backoff
    const failed = await post(`/jobs/${job.id}/fail`, { errorMessage: 'registry down', retries: 1, retryBackoff: 300_000 });
    expect(failed.body).toMatchObject({ state: 'activatable', retries: 1 });
    clock.advance(300_000 - 1_000);
    expect((await activate(type)).body.jobs).toHaveLength(0);
    clock.advance(1_000);
    const [retry] = (await activate(type)).body.jobs;
    expect(retry.id).toBe(job.id);

    // and the second failure has none left
    await post(`/jobs/${job.id}/fail`, { errorMessage: 'registry still down', retries: 0 });

    // then
    expect((await api.instance(id)).state).toBe('incident');
    const incidents = await get(`/incidents?processInstanceId=${id}`);
    expect(incidents.body).toMatchObject({ total: 1, items: [{ processInstanceId: id, elementId: 'verify', type: 'JOB_RETRIES_EXHAUSTED', state: 'open', message: 'registry still down', jobKey: job.id }] });

    // when: an operator resolves it with 5 retries
    const resolved = await t.http.post(`/api/v1/incidents/${incidents.body.items[0].id}/resolve`).set('Authorization', await api.as('admin')).send({ retries: 5 });

    // then
    expect(resolved.status).toBe(200);
    expect(resolved.body.state).toBe('resolved');
    expect((await api.instance(id)).state).toBe('active');
    const [fresh] = (await activate(type)).body.jobs;
    expect(fresh).toMatchObject({ processInstanceId: id, retries: 5 });
    expect(fresh.id).not.toBe(job.id);
    await post(`/jobs/${fresh.id}/complete`, {});
    expect((await api.instance(id)).state).toBe('completed');
    const again = await t.http.post(`/api/v1/incidents/${incidents.body.items[0].id}/resolve`).set('Authorization', await api.as('admin')).send({});
    expect(again.status).toBe(409);
  });

  it('throws a BPMN error from a job to the error boundary event', async () => {
    const { key, type } = await deployServiceTask();
    const id = (await api.startWithKey(key)).body.id as string;
    const [job] = (await activate(type)).body.jobs;

    const response = await post(`/jobs/${job.id}/throw-error`, { errorCode: 'NOT_ELIGIBLE', errorMessage: 'not a resident' });

    expect(response.status).toBe(200);
    expect((await api.instance(id)).state).toBe('completed');
    const history = await api.history(id);
    expect(history.some((h) => h.type === 'element.entered' && h.elementId === 'refused')).toBe(true);
  });

  it('applies the results a worker holds at once together; one refused neither fails nor applies twice the others', async () => {
    // given: four instances waiting in their job, the second suspended
    const { key, type } = await deployServiceTask();
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) ids.push((await api.startWithKey(key, { n })).body.id as string);
    const jobOf = new Map(((await db.query(`SELECT id, instance_id FROM job WHERE type = $1`, [type])) as { id: string; instance_id: string }[]).map((row) => [row.instance_id, row.id]));
    const admin = await api.as('admin');
    expect((await t.http.post(`/api/v1/process-instances/${ids[1]}/suspend`).set('Authorization', admin)).status).toBe(200);
    const completed = (i: number, n: number): JobResult => ({ jobId: jobOf.get(ids[i])!, outcome: 'completed', variables: { checked: n }, workerId: 'registry' });
    const results: JobResult[] = [
      completed(0, 1), completed(1, 2), completed(2, 3), completed(3, 4),
      completed(0, 99), // a second result of the first job, in the same batch
      { jobId: '00000000-0000-4000-8000-000000000000', outcome: 'completed', variables: {} }, // a job that does not exist
    ];

    // when
    const outcomes = await inRoot(t.app).get(JobService).applyResults(results);

    // then: the suspended instance's result is retried later; every other result is applied once or dropped
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(SuspendedJobError);
    for (const i of [0, 2, 3]) expect(await api.instance(ids[i])).toMatchObject({ state: 'completed', variables: { checked: i + 1 } });
    expect(await api.instance(ids[1])).toMatchObject({ state: 'active' });
    const states = (await db.query(`SELECT instance_id, state FROM job WHERE type = $1`, [type])) as { instance_id: string; state: string }[];
    expect(Object.fromEntries(states.map((row) => [row.instance_id, row.state]))).toEqual({ [ids[0]]: 'completed', [ids[1]]: 'activatable', [ids[2]]: 'completed', [ids[3]]: 'completed' });
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM history_event WHERE instance_id = $1 AND element_id = 'verify'`, [ids[0]])) as { n: number }[];
    const [{ n: once }] = (await db.query(`SELECT count(*)::int AS n FROM history_event WHERE instance_id = $1 AND element_id = 'verify'`, [ids[2]])) as { n: number }[];
    expect(n).toBe(once);

    // and: once resumed, the retried result lands
    expect((await t.http.post(`/api/v1/process-instances/${ids[1]}/resume`).set('Authorization', admin)).status).toBe(200);
    expect((await inRoot(t.app).get(JobService).applyResults([completed(1, 2)])).map((o) => o.status)).toEqual(['fulfilled']);
    expect(await api.instance(ids[1])).toMatchObject({ state: 'completed', variables: { checked: 2 } });
  });

  it('applies a batch of completions set-based: its instances locked in one statement, its job rows completed in one, its instances committed in one; a suspended instance, a job no longer open, a duplicate and a missing job are answered as alone', async () => {
    // given: five instances waiting in their job; the second suspended, the third's job completed over REST already
    const { key, type } = await deployServiceTask();
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push((await api.startWithKey(key, { n })).body.id as string);
    const jobOf = new Map(((await db.query(`SELECT id, instance_id FROM job WHERE type = $1`, [type])) as { id: string; instance_id: string }[]).map((row) => [row.instance_id, row.id]));
    const admin = await api.as('admin');
    expect((await t.http.post(`/api/v1/process-instances/${ids[1]}/suspend`).set('Authorization', admin)).status).toBe(200);
    expect((await post(`/jobs/${jobOf.get(ids[2])}/complete`, { variables: { checked: 'rest' } })).status).toBe(200);
    const completed = (i: number, n: number): JobResult => ({ jobId: jobOf.get(ids[i])!, outcome: 'completed', variables: { checked: n }, workerId: 'registry' });
    const results: JobResult[] = [
      completed(0, 1), completed(1, 2), completed(2, 3), completed(3, 4), completed(4, 5),
      completed(3, 99), // a second result of the fourth job, in the same batch
      { jobId: '00000000-0000-4000-8000-000000000001', outcome: 'completed', variables: {} }, // a job that does not exist
    ];
    const statements: { sql: string; params: string }[] = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
      statements.push({ sql: sql.replace(/\s+/g, ' '), params: JSON.stringify(parameters ?? []) });
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, parameters, ...rest);
    } as never);

    // when
    let outcomes: PromiseSettledResult<void>[];
    try {
      outcomes = await inRoot(t.app).get(JobService).applyResults(results);
    } finally {
      spy.mockRestore();
    }

    // then: each result answered as it would be alone
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(SuspendedJobError);
    for (const i of [0, 3, 4]) expect(await api.instance(ids[i])).toMatchObject({ state: 'completed', variables: { checked: i + 1 } });
    expect(await api.instance(ids[1])).toMatchObject({ state: 'active' });
    expect(await api.instance(ids[2])).toMatchObject({ state: 'completed', variables: { checked: 'rest' } });
    const states = (await db.query(`SELECT instance_id, state FROM job WHERE type = $1`, [type])) as { instance_id: string; state: string }[];
    expect(Object.fromEntries(states.map((row) => [row.instance_id, row.state]))).toEqual({ [ids[0]]: 'completed', [ids[1]]: 'activatable', [ids[2]]: 'completed', [ids[3]]: 'completed', [ids[4]]: 'completed' });
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM history_event WHERE instance_id = $1 AND element_id = 'verify'`, [ids[3]])) as { n: number }[];
    const [{ n: once }] = (await db.query(`SELECT count(*)::int AS n FROM history_event WHERE instance_id = $1 AND element_id = 'verify'`, [ids[4]])) as { n: number }[];
    expect(n).toBe(once);
    // and: set-based: one lock read of the batch's five instances, one UPDATE of the job rows of the four not suspended, one commit of the three it applied
    const naming = (pattern: RegExp, i: number) => statements.filter((s) => pattern.test(s.sql) && s.params.includes(ids[i]));
    const lockReads = naming(/FROM process_instance WHERE id = ANY/, 0);
    expect(lockReads).toHaveLength(1);
    for (const i of [1, 2, 3, 4]) expect(lockReads[0].params).toContain(ids[i]);
    expect(naming(/FROM process_instance WHERE id = \$1/, 4)).toHaveLength(0);
    const jobUpdates = statements.filter((s) => /^ ?UPDATE job SET state = 'completed'/.test(s.sql) && s.params.includes(jobOf.get(ids[4])!));
    expect(jobUpdates).toHaveLength(1);
    for (const i of [0, 2, 3]) expect(jobUpdates[0].params).toContain(jobOf.get(ids[i])!);
    expect(jobUpdates[0].params).not.toContain(jobOf.get(ids[1])!);
    const commits = naming(/UPDATE process_instance/, 0);
    expect(commits).toHaveLength(1);
    for (const i of [3, 4]) expect(commits[0].params).toContain(ids[i]);
    expect(commits[0].params).not.toContain(ids[1]);
  });

  describe('a department worker in its own process (BullMQ client)', () => {
    let worker: JobWorker | undefined;

    /** A department worker of the test's queues, with the options `options` adds. */
    function departmentWorker(options: Omit<Parameters<typeof createJobWorker>[0], 'redisUrl' | 'clusterNodes' | 'prefix'>): JobWorker {
      return createJobWorker({ redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379', clusterNodes: clusterNodes(), prefix: t.queuePrefix, ...options });
    }

    afterEach(async () => {
      await worker?.close();
      worker = undefined;
    });

    it('completes jobs with the handler\'s variables, exactly once', async () => {
      // given
      const { key, type } = await deployServiceTask();
      const seen: string[] = [];
      worker = departmentWorker({
        type,
        workerId: 'civil-affairs',
        handler: async (job) => {
          seen.push(job.jobId);
          expect(job.customHeaders).toEqual({ registry: 'national' });
          return { checkedBy: 'civil-affairs', doubled: (job.variables.n as number) * 2 };
        },
      });

      // when
      const ids = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await api.startWithKey(key, { n })).body.id as string));

      // then
      for (const [i, id] of ids.entries()) {
        const done = await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed');
        expect(done.variables).toMatchObject({ checkedBy: 'civil-affairs', doubled: (i + 1) * 2 });
      }
      expect(new Set(seen).size).toBe(5);
      const rows = await db.query(`SELECT state, count(*)::int AS n FROM job WHERE type = $1 GROUP BY state`, [type]);
      expect(rows).toEqual([{ state: 'completed', n: 5 }]);
    });

    it('reports the outcomes of jobs that end together as one results-queue job; one that cannot land yet is split off on its own and lands later, the others once', async () => {
      // given: four instances waiting in their job, the second suspended, and a worker that ends all four at once
      const { key, type } = await deployServiceTask();
      const ids: string[] = [];
      for (let n = 1; n <= 4; n++) ids.push((await api.startWithKey(key, { n })).body.id as string);
      const admin = await api.as('admin');
      expect((await t.http.post(`/api/v1/process-instances/${ids[1]}/suspend`).set('Authorization', admin)).status).toBe(200);
      const began = Date.now();
      const seen: string[] = [];
      let release!: () => void;
      const together = new Promise<void>((resolve) => (release = resolve));
      worker = departmentWorker({
        type,
        handler: async (job) => {
          seen.push(job.jobId);
          if (seen.length === 4) release();
          await together;
          return { checked: job.variables.n };
        },
      });

      // when: the four outcomes are reported
      for (const i of [0, 2, 3]) await api.eventually(() => api.instance(ids[i]), (instance) => instance.state === 'completed', 15_000);

      // then: one results-queue job carried all four (a report is removed once applied: the queue's event stream
      // shows what was added); the suspended instance's result waits on its own
      const connection = testRedis();
      const results = new Queue(JOB_RESULTS_TOPIC, { connection, prefix: t.queuePrefix });
      try {
        const jobOf = new Map(((await db.query(`SELECT id, instance_id FROM job WHERE type = $1`, [type])) as { id: string; instance_id: string }[]).map((row) => [row.instance_id, row.id]));
        const events = await connection.xrange(`${t.queuePrefix}:${JOB_RESULTS_TOPIC}:events`, String(began), '+');
        const added = events.map(([, fields]) => Object.fromEntries(fields.flatMap((field, i) => (i % 2 === 0 ? [[field, fields[i + 1]]] : []))) as Record<string, string>)
          .filter((event) => event.event === 'added');
        const reports = added.filter((event) => event.jobId.startsWith('results-'));
        expect(reports).toHaveLength(1);
        expect(await results.getJob(reports[0].jobId)).toBeUndefined();
        // none of the four was reported on its own: only the suspended instance's result, split off by Tongban's worker
        expect(added.filter((event) => event.jobId.startsWith('result-')).map((event) => event.jobId)).toEqual([jobResultJobId(jobOf.get(ids[1])!)]);
        expect(new Set([...jobOf.values()])).toEqual(new Set(seen));
        expect(await results.getJob(jobResultJobId(jobOf.get(ids[1])!))).toBeDefined();
        expect(await api.instance(ids[1])).toMatchObject({ state: 'active' });

        // when: the instance is resumed
        expect((await t.http.post(`/api/v1/process-instances/${ids[1]}/resume`).set('Authorization', admin)).status).toBe(200);

        // then: its result lands, and every job was completed once
        await api.eventually(() => api.instance(ids[1]), (instance) => instance.state === 'completed', 20_000);
        for (const [i, id] of ids.entries()) expect(await api.instance(id)).toMatchObject({ variables: { checked: i + 1 } });
        expect(await db.query(`SELECT state, count(*)::int AS n FROM job WHERE type = $1 GROUP BY state`, [type])).toEqual([{ state: 'completed', n: 4 }]);
        const entries = (await db.query(`SELECT count(*)::int AS n FROM history_event WHERE instance_id = ANY($1::uuid[]) AND element_id = 'verify' GROUP BY instance_id`, [ids])) as { n: number }[];
        expect(new Set(entries.map((row) => row.n)).size).toBe(1);
      } finally {
        await results.close();
        connection.disconnect();
      }
    }, 60_000);

    it('throws BpmnError as a BPMN error and fails the job into an incident when its retries are used up', async () => {
      // given
      const { key, type } = await deployServiceTask(2);
      let attempts = 0;
      worker = departmentWorker({
        type,
        handler: async (job) => {
          if (job.variables.mode === 'refuse') throw new BpmnError('NOT_ELIGIBLE', 'not a resident');
          attempts++;
          throw new Error('registry unreachable');
        },
      });

      // when
      const refused = (await api.startWithKey(key, { mode: 'refuse' })).body.id as string;
      const broken = (await api.startWithKey(key, { mode: 'break' })).body.id as string;

      // then
      await api.eventually(() => api.instance(refused), (i) => i.state === 'completed');
      expect((await api.history(refused)).some((h) => h.elementId === 'refused')).toBe(true);
      await api.eventually(() => api.instance(broken), (i) => i.state === 'incident', 15_000);
      expect(attempts).toBe(2);
      const incidents = (await get(`/incidents?processInstanceId=${broken}`)).body.items;
      expect(incidents).toMatchObject([{ type: 'JOB_RETRIES_EXHAUSTED', message: 'registry unreachable' }]);
    });
  });
});
