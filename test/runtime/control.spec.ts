import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { startRuntimeApp } from './support/runtime-app';
import { inRoot } from '../support/root-scope';

describe('instance control: cancel, suspend, resume', () => {
  const { t, api } = useTestApp(startRuntimeApp);
  let db: DataSource;
  let admin: string;

  beforeAll(async () => {
    db = inRoot(t.app).get(DataSource);
    admin = await api.as('admin');
  });

  const control = (id: string, action: 'cancel' | 'suspend' | 'resume') => t.http.post(`/api/v1/process-instances/${id}/${action}`).set('Authorization', admin);

  /** A user task, a job, a timer and a message subscription, all waiting at once. */
  function everythingWaiting() {
    const type = `archive-${Date.now()}`;
    const { key, xml } = processXml('control', `
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="fork" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:serviceTask id="archive"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:receiveTask id="paid" messageRef="msg" />
      <bpmn:parallelGateway id="join" />
      <bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'fork')}
      ${flow('f1', 'fork', 'review')}${flow('f2', 'fork', 'archive')}${flow('f3', 'fork', 'wait')}${flow('f4', 'fork', 'paid')}
      ${flow('g1', 'review', 'join')}${flow('g2', 'archive', 'join')}${flow('g3', 'wait', 'join')}${flow('g4', 'paid', 'join')}
      ${flow('f9', 'join', 'end')}`,
      `<bpmn:message id="msg" name="paid-${type}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    return { key, xml, type };
  }

  it('cancels an instance: tasks and jobs withdrawn, timers and subscriptions removed', async () => {
    // given
    const { key, xml, type } = everythingWaiting();
    await api.deploy(xml);
    const id = (await api.startWithKey(key, { caseNo: 'K-1' })).body.id as string;
    const [task] = await api.tasks(id);
    const [job] = await db.query(`SELECT id FROM job WHERE instance_id = $1`, [id]);
    const connection = new IORedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const queue = new Queue(`jobs.${type}`, { connection, prefix: t.queuePrefix });
    await api.eventually(() => queue.getJob(`job-${job.id}`), (queued) => queued !== undefined);

    // when
    const response = await control(id, 'cancel');

    // then
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id, state: 'cancelled' });
    expect((await api.instance(id)).state).toBe('cancelled');
    const completion = await api.complete(task.id, 'clerk.health');
    expect(completion.status).toBe(409);
    expect(completion.body.code).toBe('TASK_NOT_ACTIVE');
    expect(await db.query(`SELECT state FROM job WHERE instance_id = $1`, [id])).toEqual([{ state: 'cancelled' }]);
    try {
      await api.eventually(() => queue.getJob(`job-${job.id}`), (queued) => queued === undefined);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(await db.query(`SELECT state FROM timer WHERE instance_id = $1`, [id])).toEqual([{ state: 'cancelled' }]);
    expect(await db.query(`SELECT 1 FROM message_subscription WHERE instance_id = $1`, [id])).toHaveLength(0);
    const activation = await t.http.post('/api/v1/jobs/activate').set('X-API-Key', t.apiKey).send({ type, maxJobs: 5, workerId: 'w', timeout: 1000 });
    expect(activation.body.jobs).toHaveLength(0);
    expect((await control(id, 'cancel')).status).toBe(409);
  });

  it('cancels the called child with its parent', async () => {
    // given
    const child = processXml('control-child', `
      <bpmn:startEvent id="start" /><bpmn:userTask id="childTask" tongban:department="health" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'childTask')}${flow('f2', 'childTask', 'end')}`);
    await api.deploy(child.xml);
    const parent = processXml('control-parent', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${child.key}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'call')}${flow('f2', 'call', 'end')}`);
    await api.deploy(parent.xml);
    const parentId = (await api.startWithKey(parent.key)).body.id as string;
    const [childRow] = await api.eventually<{ id: string }[]>(
      async () => (await t.http.get(`/api/v1/process-instances?parentId=${parentId}`).set('X-API-Key', t.apiKey)).body.items,
      (items: unknown[]) => items.length === 1,
    );

    // when
    await control(parentId, 'cancel');

    // then
    const cancelled = await api.eventually(() => api.instance(childRow.id), (i) => i.state === 'cancelled');
    expect(cancelled.state).toBe('cancelled');
    const [childTask] = await api.tasks(childRow.id);
    expect(childTask.state).toBe('cancelled');
  });

  it('refuses task completion and job activation while suspended, and accepts them after resume', async () => {
    // given
    const { key, xml, type } = everythingWaiting();
    await api.deploy(xml);
    const id = (await api.startWithKey(key, { caseNo: 'K-2' })).body.id as string;
    const [task] = await api.tasks(id);

    // when
    const suspended = await control(id, 'suspend');

    // then
    expect(suspended.body).toMatchObject({ id, suspended: true });
    expect(await api.instance(id)).toMatchObject({ state: 'active', suspended: true });
    const refused = await api.complete(task.id, 'clerk.health');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INSTANCE_SUSPENDED');
    const activation = await t.http.post('/api/v1/jobs/activate').set('X-API-Key', t.apiKey).send({ type, maxJobs: 5, workerId: 'w', timeout: 60_000 });
    expect(activation.body.jobs).toHaveLength(0);
    expect((await api.tasks(id))[0].state).toBe('open');

    // when resumed
    expect((await control(id, 'resume')).body).toMatchObject({ suspended: false });

    // then
    expect((await api.complete(task.id, 'clerk.health')).status).toBe(200);
    const jobs = (await t.http.post('/api/v1/jobs/activate').set('X-API-Key', t.apiKey).send({ type, maxJobs: 5, workerId: 'w', timeout: 60_000 })).body.jobs;
    expect(jobs).toHaveLength(1);
    const history = await api.history(id);
    expect(history.map((h) => h.type)).toEqual(expect.arrayContaining(['instance.suspended', 'instance.resumed']));
  });

  it('answers 404 for an unknown instance', async () => {
    expect((await control('00000000-0000-4000-8000-000000000000', 'suspend')).status).toBe(404);
  });
});
