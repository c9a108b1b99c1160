import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

describe('errors and escalations through scopes', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('errors');
  });

  it('a job error is caught by the boundary event on the task; an escalation reaches the enclosing subprocess without interrupting it', () => {
    // given
    const instance = new Instance(model).start();

    // when
    instance.run({ type: 'throwError', key: instance.keyOf('job.created', 'checkRecord'), errorCode: 'RECORD_MISSING', variables: { reason: 'no record' } });

    // then
    expect(instance.openTasks()).toEqual(['manualCheck', 'supervise']);
    expect(instance.vars).toMatchObject({ reason: 'no record' });
    expect(instance.ofType('job.cancelled')).toEqual([]);
    expect(instance.active).toEqual(['manualCheck', 'supervise', 'verify']);
  });

  it('an error end event inside a subprocess is caught by the boundary on the subprocess, which is terminated', () => {
    // given
    const instance = new Instance(model).start();

    // when
    instance.completeJob('checkRecord', { fraud: true });

    // then
    expect(instance.openTasks()).toEqual(['report']);
    expect(instance.history('element.terminated')).toEqual(['fraud', 'verify']);
    expect(instance.active).toEqual(['report']);
  });

  it('an uncaught error in a root instance raises UNHANDLED_ERROR; resolving it re-creates the job', () => {
    // given
    const instance = new Instance(model).start();
    const key = instance.keyOf('job.created', 'checkRecord');

    // when
    instance.run({ type: 'throwError', key, errorCode: 'SOMETHING_ELSE', errorMessage: 'odd' });

    // then
    expect(instance.status).toBe('active');
    expect(instance.incidents()).toEqual(['checkRecord:UNHANDLED_ERROR']);

    // when
    instance.run({ type: 'resolveIncident', key: Object.keys(instance.state.incidents)[0] });

    // then
    expect(instance.ofType('job.created')).toHaveLength(2);
    instance.completeJob('checkRecord', { fraud: false });
    expect(instance.openTasks()).toEqual(['issue']);
  });

  it('failJob raises JOB_RETRIES_EXHAUSTED; resolving it re-creates the job with its retries', () => {
    // given
    const instance = new Instance(model).start();

    // when
    instance.run({ type: 'failJob', key: instance.keyOf('job.created', 'checkRecord'), errorMessage: 'police system down' });

    // then
    expect(instance.incidents()).toEqual(['checkRecord:JOB_RETRIES_EXHAUSTED']);
    expect(() => instance.completeJob('checkRecord')).toThrow(/not job/);

    // when
    instance.run({ type: 'resolveIncident', key: instance.keyOf('job.created', 'checkRecord') });

    // then
    expect(instance.ofType('job.created').map((j) => j.retries)).toEqual([2, 2]);
    expect(instance.incidents()).toEqual([]);
  });
});

describe('a called child instance', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('uncaught');
  });

  it('ends terminated with the error for its parent when an error is not caught', () => {
    // given
    const instance = new Instance(model).start({ company: 'ACME' }, { hasParent: true });

    // when
    instance.run({ type: 'throwError', key: instance.keyOf('job.created', 'register'), errorCode: 'TAX_DEBT', errorMessage: 'arrears' });

    // then
    expect(instance.status).toBe('terminated');
    expect(instance.ofType('instance.ended')).toEqual([
      { type: 'instance.ended', status: 'terminated', variables: { company: 'ACME' }, error: { code: 'TAX_DEBT', message: 'arrears' } },
    ]);
    expect(instance.incidents()).toEqual([]);
  });

  it('propagates an uncaught escalation to its parent and continues', () => {
    // given
    const instance = new Instance(model).start({}, { hasParent: true });

    // when
    instance.completeJob('register');

    // then
    expect(instance.ofType('escalation.propagated')).toEqual([{ type: 'escalation.propagated', code: 'NOTICE', variables: {} }]);
    expect(instance.status).toBe('completed');
  });

  it('as a root instance, lets an uncaught escalation pass without an incident', () => {
    // given
    const instance = new Instance(model).start();

    // when
    instance.completeJob('register');

    // then
    expect(instance.ofType('escalation.propagated')).toEqual([]);
    expect(instance.status).toBe('completed');
  });
});

describe('event subprocesses', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('event-subprocesses');
  });

  it('subscribes the message and timer starts while the process runs', () => {
    // when
    const instance = new Instance(model).start({ applicationNo: 'A-3' });

    // then
    expect(instance.ofType('message.subscribed')[0]).toMatchObject({ elementId: 'withdrawStart', messageName: 'withdraw', correlationKey: 'A-3' });
    expect(instance.ofType('timer.scheduled')[0]).toMatchObject({ elementId: 'reminderStart', repetitionsLeft: 2 });
  });

  it('an interrupting message start cancels the work of the scope', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-3' });

    // when
    instance.run({ type: 'correlateMessage', key: instance.keyOf('message.subscribed', 'withdrawStart'), variables: { withdrawReason: 'moved' } });

    // then
    expect(instance.ofType('task.cancelled').map((t) => t.elementId)).toEqual(['review']);
    expect(instance.ofType('timer.cancelled').map((t) => t.elementId)).toEqual(['reminderStart']);
    expect(instance.openTasks()).toEqual(['confirmWithdraw']);
    expect(instance.vars).toMatchObject({ withdrawReason: 'moved' });

    // when
    instance.completeTask('confirmWithdraw');

    // then
    expect(instance.status).toBe('completed');
  });

  it('a non-interrupting timer start runs alongside, as often as the cycle says', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-3' });
    const key = instance.keyOf('timer.scheduled', 'reminderStart');

    // when
    instance.run({ type: 'triggerTimer', key });
    instance.run({ type: 'triggerTimer', key });

    // then
    expect(instance.openTasks()).toEqual(['review']);
    expect(instance.ofType('job.created').filter((j) => j.elementId === 'sendReminder')).toHaveLength(2);
    expect(instance.active).toEqual(['onReminder', 'review', 'sendReminder']);
  });

  it('an error start catches an error thrown by a job of its scope', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-3' });
    instance.completeTask('review');

    // when
    instance.run({ type: 'throwError', key: instance.keyOf('job.created', 'archive'), errorCode: 'DISK_FULL' });

    // then
    expect(instance.openTasks()).toEqual(['archiveByHand']);
    expect(instance.ofType('message.unsubscribed').map((m) => m.elementId)).toEqual(['withdrawStart']);

    // when
    instance.completeTask('archiveByHand');

    // then
    expect(instance.status).toBe('completed');
  });
});
