import { TestClock, TimerService } from '@tongban/runtime';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { advanceClock } from '../support/advance-clock';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { inRoot } from '../support/root-scope';

const HOUR = 3600_000;

describe('timers', () => {
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock() }));
  let db: DataSource;

  beforeAll(async () => {
    db = inRoot(t.app).get(DataSource);
  });

  function waitProcess(duration: string) {
    return processXml('timer-wait', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}`);
  }

  it('fires a boundary timer once and withdraws the task it interrupts', async () => {
    // given
    const { key, xml } = processXml('timer-boundary', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="done" /><bpmn:endEvent id="escalated" />
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'done')}${flow('f3', 'late', 'escalated')}`);
    await api.deploy(xml);

    const id = (await api.startWithKey(key)).body.id as string;

    // when
    await advanceClock(t, 24 * HOUR);

    // then
    expect((await api.instance(id)).state).toBe('completed');
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'element.entered' && h.elementId === 'late')).toHaveLength(1);
    expect(history.some((h) => h.elementId === 'escalated')).toBe(true);
    const [task] = await api.tasks(id);
    expect(task.state).toBe('cancelled');
    const timers = await db.query(`SELECT state, fired_count FROM timer WHERE instance_id = $1`, [id]);
    expect(timers).toEqual([{ state: 'fired', fired_count: 1 }]);
    expect((await api.complete(task.id, 'clerk.health')).status).toBe(409);
  });

  it('fires a timer whose queued job was lost with Redis (the sweeper re-enqueues it)', async () => {
    // given: an instance waiting two hours, and its delayed job gone from Redis (as after FLUSHALL)
    const { key, xml } = waitProcess('PT2H');
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    await api.eventually(() => db.query(`SELECT 1 FROM outbox WHERE instance_id = $1 AND published_at IS NOT NULL`, [id]), (rows) => rows.length > 0);
    const redis = new IORedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${t.queuePrefix}:timers:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }

    // when: the timer falls due
    await advanceClock(t, 2 * HOUR);

    // then: it fired once
    expect((await api.instance(id)).state).toBe('completed');
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'element.left' && h.elementId === 'wait')).toHaveLength(1);
  });

  it('keeps the timers of a suspended instance waiting until it is resumed', async () => {
    // given
    const { key, xml } = waitProcess('P1D');
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const admin = await api.as('admin');

    // when: suspended past the due time
    expect((await t.http.post(`/api/v1/process-instances/${id}/suspend`).set('Authorization', admin)).status).toBe(200);
    await advanceClock(t, 2 * 24 * HOUR);

    // then: still waiting; after resume it fires
    expect((await api.instance(id)).state).toBe('active');
    expect(await db.query(`SELECT state, fired_count FROM timer WHERE instance_id = $1`, [id])).toEqual([{ state: 'scheduled', fired_count: 0 }]);
    const resumed = await t.http.post(`/api/v1/process-instances/${id}/resume`).set('Authorization', admin);
    expect(resumed.body).toMatchObject({ id, suspended: false });
    const done = await api.eventually(() => api.instance(id), (i) => i.state === 'completed', 10_000);
    expect(done.state).toBe('completed');
  });

  it('starts one instance per firing of a timer start event, for the latest version only', async () => {
    // given: version 1 starts in three hours; version 2 in two
    const at = (ms: number) => new Date(t.clock!.now().getTime() + ms).toISOString();
    const v1 = processXml('timer-start', `
      <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeDate>${at(3 * HOUR)}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:endEvent id="end" />${flow('f1', 'tick', 'end')}`);
    await api.deploy(v1.xml);
    await advanceClock(t, 0, { startTimersOf: [v1.key] });
    const [first] = await db.query(`SELECT t.state FROM timer t JOIN process_definition d ON d.id = t.definition_id WHERE d.key = $1`, [v1.key]);
    expect(first.state).toBe('scheduled');
    const v2xml = v1.xml.replace(/<bpmn:timeDate>[^<]+<\/bpmn:timeDate>/, `<bpmn:timeDate>${at(2 * HOUR)}</bpmn:timeDate>`);

    // when: version 2 is deployed and four hours pass
    await api.deploy(v2xml);
    await advanceClock(t, 4 * HOUR, { startTimersOf: [v1.key] });

    // then
    const started = (await t.http.get(`/api/v1/process-instances?processKey=${v1.key}`).set('X-API-Key', t.apiKey)).body.items;
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ version: 2, state: 'completed' });
    const rows = await db.query(
      `SELECT d.version, t.state, t.fired_count FROM timer t JOIN process_definition d ON d.id = t.definition_id WHERE d.key = $1 ORDER BY d.version`,
      [v1.key],
    );
    expect(rows).toEqual([{ version: 1, state: 'cancelled', fired_count: 0 }, { version: 2, state: 'fired', fired_count: 1 }]);
    expect((await t.http.get(`/api/v1/process-instances?processKey=${v1.key}`).set('X-API-Key', t.apiKey)).body.total).toBe(1);
  });

  it('fires each firing of a cycle once and closes the timer after its repetitions', async () => {
    // given: a non-interrupting reminder every minute, twice, on a waiting task
    const { key, xml } = processXml('timer-cycle', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:boundaryEvent id="remind" attachedToRef="review" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="reminded" />
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}${flow('f3', 'remind', 'reminded')}`);
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const timers = inRoot(t.app).get(TimerService);
    const [timer] = await db.query(`SELECT id, repetitions_left FROM timer WHERE instance_id = $1`, [id]);
    expect(timer.repetitions_left).toBe(1);
    const fireNow = async (firing: number) => {
      await db.query(`UPDATE timer SET due_at = $2 WHERE id = $1`, [timer.id, t.clock!.now()]);
      await timers.fire({ timerId: timer.id, firing });
    };
    const reminders = async () => (await api.history(id)).filter((h) => h.type === 'element.entered' && h.elementId === 'reminded').length;

    // when: the first firing, then a stale redelivery of it
    await fireNow(0);
    await fireNow(0);

    // then
    expect(await reminders()).toBe(1);
    expect(await db.query(`SELECT state, fired_count, repetitions_left FROM timer WHERE id = $1`, [timer.id])).toEqual([{ state: 'scheduled', fired_count: 1, repetitions_left: 0 }]);

    // when: the second firing
    await fireNow(1);
    await fireNow(1);

    // then: closed after its two repetitions; the task still waits
    expect(await reminders()).toBe(2);
    expect(await db.query(`SELECT state, fired_count FROM timer WHERE id = $1`, [timer.id])).toEqual([{ state: 'fired', fired_count: 2 }]);
    expect((await api.tasks(id))[0].state).toBe('open');
  });

  it('fires the timer of an interrupting event subprocess, withdrawing the main flow', async () => {
    // given: a case that is closed when nobody reviews it within two days
    const { key, xml } = processXml('timer-event-subprocess', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:endEvent id="end" />
      <bpmn:subProcess id="onTimeout" triggeredByEvent="true">
        <bpmn:startEvent id="timedOut"><bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
        <bpmn:endEvent id="closed" />
        ${flow('t1', 'timedOut', 'closed')}
      </bpmn:subProcess>
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`);
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;

    // when
    await advanceClock(t, 2 * 24 * HOUR);

    // then
    expect((await api.instance(id)).state).toBe('completed');
    expect((await api.history(id)).some((h) => h.type === 'element.entered' && h.elementId === 'closed')).toBe(true);
    expect((await api.tasks(id))[0].state).toBe('cancelled');
  });
});
