import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

const HOUR = 3_600_000;

describe('boundary events on a user task', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('boundary-events');
  });

  it('subscribes every boundary event when the task is activated', () => {
    // when
    const instance = new Instance(model).start({ applicationNo: 'A-7' });

    // then
    const timers = instance.ofType('timer.scheduled');
    expect(timers.map((t) => [t.elementId, t.dueAt - instance.now, t.repetitionsLeft])).toEqual([
      ['overdue', 2 * HOUR, undefined],
      ['remind', HOUR / 2, 1],
    ]);
    expect(instance.ofType('message.subscribed')[0]).toMatchObject({ elementId: 'supplemented', messageName: 'material-supplemented', correlationKey: 'A-7' });
    expect(instance.ofType('signal.subscribed')[0]).toMatchObject({ elementId: 'withdrawn', signalName: 'withdrawn' });
  });

  it('interrupting timer: cancels the task and withdraws the other subscriptions', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-7' });

    // when
    instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'overdue') });

    // then
    expect(instance.ofType('task.cancelled').map((t) => t.elementId)).toEqual(['approve']);
    expect(instance.ofType('timer.cancelled').map((t) => t.elementId)).toEqual(['remind']);
    expect(instance.ofType('message.unsubscribed').map((t) => t.elementId)).toEqual(['supplemented']);
    expect(instance.ofType('signal.unsubscribed').map((t) => t.elementId)).toEqual(['withdrawn']);
    expect(instance.openTasks()).toEqual(['escalate']);
  });

  it('non-interrupting cycle: keeps the task, re-arms until its repetitions are used', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-7' });
    const key = instance.keyOf('timer.scheduled', 'remind');

    // when
    instance.run({ type: 'triggerTimer', key });

    // then
    expect(instance.openTasks()).toEqual(['approve']);
    expect(instance.ofType('job.created').map((j) => j.jobType)).toEqual(['sms.remind']);
    expect(instance.last.find((e) => e.type === 'timer.scheduled')).toMatchObject({ key, dueAt: instance.now + HOUR, repetitionsLeft: 0 });

    // when
    instance.run({ type: 'triggerTimer', key });

    // then
    expect(instance.ofType('job.created')).toHaveLength(2);
    expect(() => instance.run({ type: 'triggerTimer', key })).toThrow(/no subscription/);
  });

  it('non-interrupting message: runs alongside and merges the message variables', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-7' });

    // when
    instance.run({ type: 'correlateMessage', key: instance.keyOf('message.subscribed', 'supplemented'), variables: { idCopy: 'uploaded' } });

    // then
    expect(instance.openTasks()).toEqual(['approve', 'recheck']);
    expect(instance.vars).toMatchObject({ idCopy: 'uploaded' });
  });

  it('interrupting signal: ends the task and the instance through its own path', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-7' });

    // when
    instance.run({ type: 'triggerSignal', key: instance.keyOf('signal.subscribed', 'withdrawn') });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.history('element.left')).toContain('endWithdrawn');
    expect(instance.history('element.terminated')).toEqual(['approve']);
  });

  it('conditional: fires when a variable change makes its condition true', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-7', priority: 'normal' });

    // when
    instance.run({ type: 'setVariables', variables: { priority: 'urgent' } });

    // then
    expect(instance.openTasks()).toEqual(['fastTrack']);
  });

  it('withdraws every subscription when the task completes normally', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-7' });

    // when
    instance.completeTask('approve');

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('timer.cancelled')).toHaveLength(2);
    expect((instance.state as unknown as { subs: object }).subs).toEqual({});
  });
});

describe('intermediate catch and throw events', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('catch-events');
  });

  it('waits for a timer date, a FEEL duration, a condition; jumps by link; throws a signal and a message', () => {
    // given
    const instance = new Instance(model).start({ days: 2, applicationNo: 'A-9' });
    expect(instance.ofType('timer.scheduled')[0]).toMatchObject({ elementId: 'waitDate', dueAt: Date.UTC(2026, 2, 1, 0, 0, 0) });

    // when
    instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'waitDate') });

    // then
    expect(instance.ofType('timer.scheduled')[1]).toMatchObject({ elementId: 'waitFeel', dueAt: instance.now + 2 * 24 * HOUR });

    // when
    instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'waitFeel') });

    // then
    expect(instance.active).toEqual(['waitCondition']);

    // when
    instance.run({ type: 'setVariables', variables: { materialsComplete: false } });
    expect(instance.active).toEqual(['waitCondition']);
    instance.run({ type: 'setVariables', variables: { materialsComplete: true } });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.history('element.entered')).toEqual(expect.arrayContaining(['jump', 'land', 'announce', 'end']));
    expect(instance.ofType('signal.thrown')[0]).toMatchObject({ elementId: 'announce', signalName: 'bundle-done' });
    expect(instance.ofType('message.thrown')[0]).toMatchObject({ elementId: 'end', messageName: 'result-ready', correlationKey: 'A-9' });
  });

  it('passes a conditional catch at once when its condition already holds', () => {
    // given
    const instance = new Instance(model).start({ days: 1, applicationNo: 'A-9', materialsComplete: true });

    // when
    instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'waitDate') });
    instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'waitFeel') });

    // then
    expect(instance.status).toBe('completed');
  });
});

describe('start events and terminate end', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('starts-and-terminate');
  });

  it('starts at the requested message or timer start event', () => {
    // when
    const byMessage = new Instance(model).start({ applicant: 'x' }, { startEventId: 'byMessage' });
    const nightly = new Instance(model).start({}, { startEventId: 'nightly' });

    // then
    expect(byMessage.history('element.entered').slice(0, 2)).toEqual(['starts', 'byMessage']);
    expect(byMessage.openTasks()).toEqual(['decide', 'slow']);
    expect(nightly.status).toBe('completed');
  });

  it('refuses a start event that does not exist', () => {
    expect(() => new Instance(model).start({}, { startEventId: 'nope' })).toThrow(expect.objectContaining({ code: 'NO_START_EVENT' }));
  });

  it('terminate end: ends every other token and the instance', () => {
    // given
    const instance = new Instance(model).start();

    // when
    instance.completeTask('decide', { decision: 'reject' });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.cancelled').map((t) => t.elementId)).toEqual(['slow']);
    expect(instance.openTasks()).toEqual([]);
  });
});

describe('timer validation', () => {
  it('refuses a cycle below the minimum interval with INVALID_TIMER', async () => {
    // given
    const instance = new Instance(await fixture('short-cycle'));

    // when
    instance.start();

    // then
    expect(instance.incidents()).toEqual(['work:INVALID_TIMER']);
    expect(instance.ofType('task.created')).toEqual([]);
  });

  it('accepts the same cycle when the minimum allows it', async () => {
    // given
    const instance = new Instance(await fixture('short-cycle'));
    instance.ctxExtra = { minTimerCycleMs: 1000 };

    // when
    instance.start();

    // then
    expect(instance.incidents()).toEqual([]);
    expect(instance.ofType('timer.scheduled')[0]).toMatchObject({ repetitionsLeft: -1, dueAt: instance.now + 5000 });
  });
});

describe('signal and escalation end events', () => {
  it('throw and end their token; an uncaught escalation of a child goes to the parent', async () => {
    // when
    const instance = new Instance(await fixture('end-events')).start({ licenceNo: 'L-1' }, { hasParent: true });

    // then
    expect(instance.ofType('signal.thrown')).toEqual([{ type: 'signal.thrown', elementId: 'announce', signalName: 'licence-issued', variables: { licenceNo: 'L-1' } }]);
    expect(instance.ofType('escalation.propagated')).toEqual([{ type: 'escalation.propagated', code: 'TIME_LIMIT', variables: {} }]);
    expect(instance.active).toEqual(['archive']);

    // when
    instance.completeTask('archive');

    // then
    expect(instance.status).toBe('completed');
  });
});
