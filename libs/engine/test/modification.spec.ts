import type { ProcessModel } from '@tongban/bpmn';
import { EngineError, type InstanceState } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

/** The element instance keys of the state, by element id (engine-internal, read for assertions). */
function instancesOf(state: InstanceState, elementId: string): string[] {
  const els = state.els as Record<string, { el: string; key: string }>;
  return Object.values(els).filter((ei) => ei.el === elementId).map((ei) => ei.key);
}

function refusal(run: () => unknown): EngineError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('the command was not refused');
}

describe('process instance modification: activate before and cancel', () => {
  let nested: ProcessModel;
  let parallel: ProcessModel;
  beforeAll(async () => {
    nested = await fixture('modify-subprocess');
    parallel = await fixture('modify-parallel');
  });

  it('moves a token at the top level: the task is cancelled, the earlier one created again, with variables', () => {
    // given
    const instance = new Instance(parallel).start().completeTask('intake').completeTask('b1').completeTask('a1');
    const a2 = instance.keyOf('task.created', 'a2');

    // when
    instance.run({ type: 'modify', instructions: [{ cancel: a2 }, { activateBefore: 'a1', variables: { returnReason: '材料不全' } }] });

    // then
    expect(instance.last.filter((e) => e.type === 'task.cancelled')).toEqual([{ type: 'task.cancelled', key: a2, elementId: 'a2' }]);
    expect(instance.last.filter((e) => e.type === 'task.created').map((e) => 'elementId' in e && e.elementId)).toEqual(['a1']);
    expect(instance.openTasks()).toEqual(['a1']);
    expect(instance.vars.returnReason).toBe('材料不全');
    expect(instance.last.filter((e) => e.type === 'history' && e.event === 'instance.modified').map((e) => 'data' in e && e.data)).toEqual([
      { instruction: { cancel: a2 } },
      { instruction: { activateBefore: 'a1', variables: { returnReason: '材料不全' } } },
    ]);
  });

  it('activates an element inside an embedded subprocess that has no instance: the scope is created with its inputs, boundary timer and event subprocess subscription, its start event is not run', () => {
    // given
    const instance = new Instance(nested).start({ caseNo: 'C7' });
    const prepare = instance.keyOf('task.created', 'prepare');

    // when
    instance.run({ type: 'modify', instructions: [{ cancel: prepare }, { activateBefore: 'approve' }] });

    // then
    expect(instance.openTasks()).toEqual(['approve']);
    expect(instance.active).toEqual(['approve', 'review']);
    expect(instance.last.some((e) => e.type === 'timer.scheduled' && e.elementId === 'reviewDeadline')).toBe(true);
    expect(instance.last.some((e) => e.type === 'message.subscribed' && e.elementId === 'urgeStart' && e.correlationKey === 'C7')).toBe(true);
    expect(instance.history('element.entered')).not.toContain('reviewStart');
    const review = instancesOf(instance.state, 'review')[0];
    expect((instance.state.els as Record<string, { vars?: Record<string, unknown> }>)[review].vars).toEqual({ reviewNo: 'R-C7' });

    // when
    instance.completeTask('approve').completeTask('done');

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('instance.ended')).toHaveLength(1);
  });

  it('activates an element in the existing subprocess instance, next to the token already there', () => {
    // given
    const instance = new Instance(nested).start({ caseNo: 'C8' }).completeTask('prepare');
    const review = instancesOf(instance.state, 'review');

    // when
    instance.run({ type: 'startBefore', elementId: 'approve', variables: { extra: true } });

    // then
    expect(instancesOf(instance.state, 'review')).toEqual(review);
    expect(instance.openTasks()).toEqual(['approve', 'check']);
    expect((instance.state.els as Record<string, { vars?: Record<string, unknown> }>)[review[0]].vars).toMatchObject({ extra: true });
  });

  it('cancelling the last token of a subprocess terminates the subprocess: its boundary timer and subscriptions go, no outgoing flow is taken, and an emptied instance ends cancelled', () => {
    // given
    const instance = new Instance(nested).start({ caseNo: 'C9' }).completeTask('prepare');
    const check = instance.keyOf('task.created', 'check');

    // when
    instance.run({ type: 'cancelElementInstance', key: check });

    // then
    expect(instance.last.map((e) => e.type)).toEqual(expect.arrayContaining(['task.cancelled', 'timer.cancelled', 'message.unsubscribed']));
    expect(instance.history('element.terminated')).toEqual(['check', 'review', 'nestedReturn']);
    expect(instance.history('element.entered')).not.toContain('done');
    expect(instance.status).toBe('cancelled');
    expect(instance.ofType('instance.ended')).toEqual([{ type: 'instance.ended', status: 'cancelled', variables: { caseNo: 'C9' } }]);
  });

  it('cancels every instance of an element (cancelAll), also several tokens at once', () => {
    // given
    const instance = new Instance(nested).start({ caseNo: 'C10' }).completeTask('prepare');
    instance.run({ type: 'startBefore', elementId: 'check' });
    expect(instancesOf(instance.state, 'check')).toHaveLength(2);

    // when
    instance.run({ type: 'modify', instructions: [{ cancelAll: 'check' }, { activateBefore: 'approve' }] });

    // then
    expect(instance.last.filter((e) => e.type === 'task.cancelled')).toHaveLength(2);
    expect(instance.openTasks()).toEqual(['approve']);
    expect(instance.status).toBe('active');
  });

  it('works inside an active event subprocess, and refuses to activate in one that is not active', () => {
    // given
    const instance = new Instance(nested).start({ caseNo: 'C11' }).completeTask('prepare');

    // when
    const error = refusal(() => instance.run({ type: 'startBefore', elementId: 'closeUrge' }));

    // then
    expect(error.code).toBe('MODIFICATION_REFUSED');
    expect(error.message).toContain('event subprocess onUrge is not active');

    // given
    instance.run({ type: 'correlateMessage', key: instance.keyOf('message.subscribed', 'urgeStart') });
    const answer = instance.keyOf('task.created', 'answerUrge');

    // when
    instance.run({ type: 'modify', instructions: [{ cancel: answer }, { activateBefore: 'closeUrge' }] });

    // then
    expect(instance.openTasks()).toEqual(['check', 'closeUrge']);
    instance.completeTask('closeUrge');
    expect(instance.active).toEqual(['check', 'review']);
    instance.completeTask('check').completeTask('approve').completeTask('done');
    expect(instance.status).toBe('completed');
  });

  it('refuses what Camunda refuses, naming the element and why', () => {
    // given
    const instance = new Instance(nested).start({ caseNo: 'C12' });
    const cases: Array<[string, string]> = [
      ['nowhere', 'process nestedReturn has no element nowhere'],
      ['start', 'start event of the process'],
      ['reviewDeadline', 'boundary event of review'],
      ['onUrge', 'event subprocess'],
      ['urgeStart', 'start event of event subprocess onUrge'],
    ];

    // when
    const errors = cases.map(([id]) => refusal(() => instance.run({ type: 'startBefore', elementId: id })));

    // then
    errors.forEach((error, i) => expect(error.message).toContain(cases[i][1]));
    expect(errors[0].code).toBe('ELEMENT_NOT_FOUND');
    expect(refusal(() => instance.run({ type: 'cancelElementInstance', key: '999' })).code).toBe('ELEMENT_INSTANCE_NOT_FOUND');
    expect(refusal(() => instance.run({ type: 'cancelElement', elementId: 'approve' })).message).toContain('no active instance');
  });

  it('refuses an element inside a multi-instance subprocess and a subprocess with several active instances without an ancestor key', async () => {
    // given
    const mi = await fixture('compensation-mi-subprocess');
    const instance = new Instance(nested).start({ caseNo: 'C13' }).completeTask('prepare');
    instance.run({ type: 'startBefore', elementId: 'review' });

    // when
    const ambiguous = refusal(() => instance.run({ type: 'startBefore', elementId: 'approve' }));

    // then
    expect(ambiguous.message).toContain('review has 2 active instances');
    const [first] = instancesOf(instance.state, 'review');
    instance.run({ type: 'startBefore', elementId: 'approve', ancestorKey: first });
    expect(instance.openTasks()).toEqual(['approve', 'check', 'check']);
    const miInstance = new Instance(mi).start({ list: [101, 102] });
    const error = refusal(() => miInstance.run({ type: 'startBefore', elementId: 'book' }));
    expect(error.message).toContain('inside multi-instance rooms; add an inner instance');
  });

  it('is all or nothing: a refused instruction leaves the state and effects as they were', () => {
    // given
    const instance = new Instance(parallel).start().completeTask('intake');
    const before = JSON.stringify(instance.state);
    const a1 = instance.keyOf('task.created', 'a1');

    // when
    const error = refusal(() => instance.run({ type: 'modify', instructions: [{ cancel: a1 }, { activateBefore: 'issue' }, { activateBefore: 'start' }] }));

    // then
    expect(error.message).toMatch(/^instruction 3: cannot activate startEvent start/);
    expect(JSON.stringify(instance.state)).toBe(before);
    expect(instance.openTasks()).toEqual(['a1', 'b1']);
    expect(refusal(() => instance.run({ type: 'modify', instructions: [] })).code).toBe('MODIFICATION_REFUSED');
  });

  it('refuses malformed instructions from outside with a message naming what is wrong', () => {
    // given
    const instance = new Instance(parallel).start();
    const malformed = [
      { cancel: 7 },
      { cancel: '1', activateBefore: 'a1' },
      { activateBefore: 'a1', variables: [1] },
      { moveTo: 'a1' },
      null,
    ] as unknown as Array<{ cancel: string }>;

    // when
    const messages = malformed.map((instruction) => refusal(() => instance.run({ type: 'modify', instructions: [instruction] })).message);

    // then
    expect(messages).toEqual([
      'instruction 1: cancel must be a non-empty text',
      'instruction 1: an instruction names exactly one of activateBefore, cancel, cancelAll, addInstances, removeInstance, resetJoins (got activateBefore, cancel)',
      'instruction 1: variables must be an object',
      'instruction 1: an instruction names exactly one of activateBefore, cancel, cancelAll, addInstances, removeInstance, resetJoins (got none)',
      'instruction 1: an instruction must be an object',
    ]);
  });

  it('withdraws a job and re-offers an earlier task (撤回 of a hasty completion)', async () => {
    // given
    const application = await fixture('event-subprocesses');
    const instance = new Instance(application).start({ applicationNo: 'A1' }).completeTask('review');
    const archive = instance.keyOf('job.created', 'archive');

    // when
    instance.run({ type: 'modify', instructions: [{ cancelAll: 'archive' }, { activateBefore: 'review' }] });

    // then
    expect(instance.last.filter((e) => e.type === 'job.cancelled')).toEqual([{ type: 'job.cancelled', key: archive, elementId: 'archive' }]);
    expect(instance.openTasks()).toEqual(['review']);
    instance.completeTask('review').completeJob('archive');
    expect(instance.status).toBe('completed');
  });

  it('activating a multi-instance activity creates its body, its inner instances and its boundary timer', async () => {
    // given
    const countersign = await fixture('countersign');
    const instance = new Instance(countersign).start({ mode: 'any', signers: ['zhang', 'li'] });

    // when
    instance.run({ type: 'modify', instructions: [{ cancelAll: 'anySign' }, { activateBefore: 'allSign' }] });

    // then
    expect(instance.openTasks()).toEqual(['allSign', 'allSign']);
    expect(instance.last.filter((e) => e.type === 'timer.scheduled').map((e) => 'elementId' in e && e.elementId)).toEqual(['signDeadline']);
    expect(instance.status).toBe('active');
  });

  it('an inclusive join that waited for a cancelled token fires, as it would had the branch not been taken', async () => {
    // given
    const inclusive = await fixture('inclusive');
    const instance = new Instance(inclusive).start({ needsFire: true, needsHealth: true }).completeTask('fire');
    expect(instance.openTasks()).toEqual(['health']);

    // when
    instance.run({ type: 'cancelElement', elementId: 'health' });

    // then
    expect(instance.openTasks()).toEqual(['issue']);
    expect(instance.incidents()).toEqual([]);
    instance.completeTask('issue');
    expect(instance.status).toBe('completed');
  });

  it('skips a waiting receive task to a call activity (message unsubscribed, child called with the inputs), and cancelling the call cancels the child', async () => {
    // given
    const activities = await fixture('activities');
    const instance = new Instance(activities).start({ area: 50, applicationNo: 'A-5', company: 'ACME' });
    const awaitPayment = instance.keyOf('message.subscribed', 'awaitPayment');

    // when
    instance.run({ type: 'modify', instructions: [{ cancel: awaitPayment }, { activateBefore: 'register' }] });

    // then
    expect(instance.last).toEqual(expect.arrayContaining([
      { type: 'message.unsubscribed', key: awaitPayment, elementId: 'awaitPayment' },
      expect.objectContaining({ type: 'call.started', elementId: 'register', processId: 'tax-registration', variables: { taxpayer: 'ACME' } }),
    ]));
    const call = instance.keyOf('call.started', 'register');

    // when
    instance.run({ type: 'modify', instructions: [{ cancel: call }, { activateBefore: 'registerAll' }] });

    // then
    expect(instance.last).toEqual(expect.arrayContaining([{ type: 'call.cancelled', key: call, elementId: 'register' }]));
    expect(instance.active).toEqual(['registerAll']);
  });
});
