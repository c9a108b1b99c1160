import { TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { advanceClock } from '../support/advance-clock';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { inRoot } from '../support/root-scope';

describe('the runtime reads the time from its clock', () => {
  const clock = new TestClock('2031-03-03T01:30:00.000Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));

  it('stamps instances, tasks and history with the clock and computes timer due times from it', async () => {
    // given
    const { key, xml } = processXml('clock-stamps', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="done" /><bpmn:endEvent id="escalated" />
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'done')}${flow('f3', 'late', 'escalated')}`);
    await api.deploy(xml);
    const startedAt = clock.set('2031-03-03T01:30:00.000Z');

    // when
    const id = (await api.startWithKey(key)).body.id as string;
    const completedAt = clock.advance(45 * 60_000);
    const [task] = await api.tasks(id);
    const completed = await api.complete(task.id, 'clerk.health');

    // then
    expect(completed.status).toBe(200);
    const instance = await api.instance(id);
    expect(instance.state).toBe('completed');
    const [row] = await inRoot(t.app).get(DataSource).query(`SELECT started_at, ended_at FROM process_instance WHERE id = $1`, [id]);
    expect([row.started_at, row.ended_at]).toEqual([startedAt, completedAt]);
    const [timer] = await inRoot(t.app).get(DataSource).query(`SELECT due_at, state, created_at, ended_at FROM timer WHERE instance_id = $1`, [id]);
    expect(timer).toEqual({ due_at: new Date(startedAt.getTime() + 2 * 3600_000), state: 'cancelled', created_at: startedAt, ended_at: completedAt });
    const history = await api.history(id);
    expect(history.find((h) => h.type === 'instance.started')?.at).toBe(startedAt.toISOString());
    expect(history.find((h) => h.type === 'task.completed')?.at).toBe(completedAt.toISOString());
    expect(new Set(history.map((h) => h.at))).toEqual(new Set([startedAt.toISOString(), completedAt.toISOString()]));
  });

  it('buffers a message for its time to live by the clock', async () => {
    // given: a message buffered for one hour, and a process that waits for it
    const name = `clock-ttl-${Date.now().toString(36)}`;
    const { key, xml } = processXml('clock-ttl', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}`,
    `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNo" /></bpmn:extensionElements></bpmn:message>`);
    await api.deploy(xml);
    const publish = (caseNo: string) => t.http.post('/api/v1/messages').set('X-API-Key', t.apiKey).send({ name, correlationKey: caseNo, timeToLive: 'PT1H' });
    expect((await publish('C-live')).body.buffered).toBe(true);
    expect((await publish('C-expired')).body.buffered).toBe(true);

    // when: 59 minutes later one case starts, two hours later the other
    clock.advance(59 * 60_000);
    const live = (await api.startWithKey(key, { caseNo: 'C-live' })).body.id as string;
    clock.advance(61 * 60_000);
    const expired = (await api.startWithKey(key, { caseNo: 'C-expired' })).body.id as string;

    // then: the first consumed its message, the second found it expired and waits
    const messages = await inRoot(t.app).get(DataSource).query(`SELECT correlation_key, state, consumed_by FROM published_message WHERE name = $1 ORDER BY correlation_key`, [name]);
    expect(messages).toEqual([
      { correlation_key: 'C-expired', state: 'buffered', consumed_by: null },
      { correlation_key: 'C-live', state: 'consumed', consumed_by: live },
    ]);
    expect((await api.eventually(() => api.instance(live), (i) => i.state === 'completed')).state).toBe('completed');
    expect((await api.instance(expired)).state).toBe('active');
  });

  it('schedules the start timer of a definition deployed after the clock was set back', async () => {
    // given: a definition stamped far ahead, then the clock set back to today
    const ahead = processXml('clock-ahead', `<bpmn:startEvent id="start" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'end')}`);
    clock.set('2040-01-01T00:00:00.000Z');
    await api.deploy(ahead.xml);
    await advanceClock(t, 0, { startTimersOf: [ahead.key] });
    const today = clock.set(Date.now());

    // when: a process with a timer start event is deployed, and the worker's sweep schedules start timers
    const ticking = processXml('clock-start-timer', `
      <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:endEvent id="end" />${flow('f1', 'tick', 'end')}`);
    await api.deploy(ticking.xml);
    await advanceClock(t, 0, { startTimersOf: [ticking.key] });

    // then
    const timers = await inRoot(t.app).get(DataSource).query(`SELECT t.due_at FROM timer t JOIN process_definition d ON d.id = t.definition_id WHERE d.key = $1`, [ticking.key]);
    expect(timers).toEqual([{ due_at: new Date(today.getTime() + 3600_000) }]);
  });
});
