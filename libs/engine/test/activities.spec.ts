import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

describe('activities', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('activities');
  });

  /** Runs the instance up to the tax registration call. */
  function untilCall(): Instance {
    const instance = new Instance(model).start({ area: 50, applicationNo: 'A-5', company: 'ACME' });
    instance.run({ type: 'correlateMessage', key: instance.keyOf('message.subscribed', 'awaitPayment'), variables: { paid: true } });
    instance.completeTask('visit', { inspected: true });
    return instance;
  }

  it('script and business-rule tasks store their FEEL result; manual task and task pass through; a receive task waits for its message', () => {
    // when
    const instance = new Instance(model).start({ area: 50, applicationNo: 'A-5' });

    // then
    expect(instance.vars).toMatchObject({ fee: 125, grade: 'A' });
    expect(instance.history('element.left')).toEqual(expect.arrayContaining(['stamp', 'nothing']));
    expect(instance.ofType('message.subscribed')[0]).toMatchObject({ elementId: 'awaitPayment', messageName: 'fee-paid', correlationKey: 'A-5' });
    expect(instance.active).toEqual(['awaitPayment']);
  });

  it('a subprocess gets its inputs as local variables and hands back only its outputs and propagated variables', () => {
    // given
    const instance = new Instance(model).start({ area: 50, applicationNo: 'A-5', company: 'ACME' });

    // when
    instance.run({ type: 'correlateMessage', key: instance.keyOf('message.subscribed', 'awaitPayment'), variables: { paid: true } });

    // then
    const visit = instance.ofType('task.created').find((t) => t.elementId === 'visit');
    expect(visit).toBeDefined();
    expect(instance.vars).not.toHaveProperty('deposit');

    // when
    instance.completeTask('visit', { inspected: true });

    // then
    expect(instance.vars).toMatchObject({ paid: true, inspected: true, inspectionOk: true });
    expect(instance.vars).not.toHaveProperty('site');
  });

  it('a call activity starts the child with its inputs and applies only its outputs when child variables are not propagated', () => {
    // when
    const instance = untilCall();

    // then
    expect(instance.ofType('call.started')[0]).toEqual({
      type: 'call.started', key: expect.any(String), elementId: 'register', processId: 'tax-registration', variables: { taxpayer: 'ACME' },
    });

    // when
    instance.run({ type: 'completeCall', key: instance.keyOf('call.started', 'register'), variables: { taxId: 'T-1', internal: 'x' } });

    // then
    expect(instance.vars).toMatchObject({ taxNumber: 'T-1' });
    expect(instance.vars).not.toHaveProperty('internal');
    const all = instance.ofType('call.started')[1];
    expect(all).toMatchObject({ elementId: 'registerAll', processId: 'social-registration' });
    expect(all.variables).toMatchObject({ company: 'ACME', taxNumber: 'T-1', fee: 125 });
  });

  it('a call activity propagates all child variables by default', () => {
    // given
    const instance = untilCall();
    instance.run({ type: 'completeCall', key: instance.keyOf('call.started', 'register'), variables: { taxId: 'T-1' } });

    // when
    instance.run({ type: 'completeCall', key: instance.keyOf('call.started', 'registerAll'), variables: { socialNo: 'S-9' } });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.vars).toMatchObject({ socialNo: 'S-9' });
  });

  it('an error relayed from the child is caught on the call activity', () => {
    // given
    const instance = untilCall();
    instance.run({ type: 'completeCall', key: instance.keyOf('call.started', 'register'), variables: { taxId: 'T-1' } });

    // when
    instance.run({ type: 'throwError', key: instance.keyOf('call.started', 'registerAll'), errorCode: 'NO_EMPLOYER' });

    // then
    expect(instance.ofType('call.cancelled')).toEqual([]);
    expect(instance.openTasks()).toEqual(['fixRegistration']);
  });

  it('an escalation relayed from the child is caught without interrupting the call', () => {
    // given
    const instance = untilCall();
    instance.run({ type: 'completeCall', key: instance.keyOf('call.started', 'register'), variables: { taxId: 'T-1' } });

    // when
    instance.run({ type: 'escalateCall', key: instance.keyOf('call.started', 'registerAll'), escalationCode: 'NOTICE' });

    // then
    expect(instance.openTasks()).toEqual(['readNotice']);
    expect(instance.active).toEqual(['readNotice', 'registerAll']);
  });

  it('a call whose process cannot be started raises an incident; resolving it calls again', () => {
    // given
    const instance = untilCall();
    const key = instance.keyOf('call.started', 'register');

    // when
    instance.run({ type: 'failCall', key, errorMessage: 'Process definition tax-registration not found' });

    // then
    expect(instance.incidents()).toEqual(['register:CALLED_PROCESS_NOT_FOUND']);
    const incident = instance.ofType('incident.raised')[0];

    // when
    instance.run({ type: 'resolveIncident', key: incident.key });

    // then
    expect(instance.incidents()).toEqual([]);
    expect(instance.ofType('call.started').filter((c) => c.elementId === 'register')).toHaveLength(2);
  });

  it('cancelling withdraws a running call', () => {
    // given
    const instance = untilCall();

    // when
    instance.run({ type: 'cancel' });

    // then
    expect(instance.ofType('call.cancelled').map((c) => c.elementId)).toEqual(['register']);
  });
});

describe('asynchronous continuations (Camunda 7 asyncBefore / asyncAfter)', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('async-camunda');
  });

  it('stops before and after the element until a worker continues', () => {
    // given
    const instance = new Instance(model).start({ a: 1, b: 2, clerk: 'wang' });
    expect(instance.ofType('continuation')).toHaveLength(1);
    expect(instance.vars).not.toHaveProperty('total');
    const key = instance.ofType('continuation')[0].key;

    // when
    instance.run({ type: 'continue', key });

    // then
    expect(instance.vars).toMatchObject({ total: 3 });
    expect(instance.last.filter((e) => e.type === 'continuation')).toEqual([{ type: 'continuation', key, elementId: 'sum' }]);
    expect(instance.openTasks()).toEqual([]);

    // when
    instance.run({ type: 'continue', key });

    // then
    expect(instance.ofType('task.created')[0]).toMatchObject({ elementId: 'check', candidateGroups: ['finance'], department: 'finance', assignee: 'wang' });
  });

  it('a Camunda 7 camunda:initiator start event stores who started the instance', async () => {
    // given
    const model = await fixture('initiator-camunda');

    // when
    const started = new Instance(model).start({ caseNo: 'C-1' }, { initiator: 'clerk.health' });
    const anonymous = new Instance(model).start({});

    // then
    expect(started.vars).toEqual({ caseNo: 'C-1', applicant: 'clerk.health' });
    expect(started.ofType('task.created')[0]).toMatchObject({ elementId: 'confirm', assignee: 'clerk.health' });
    expect(anonymous.vars).toEqual({});
  });
});
