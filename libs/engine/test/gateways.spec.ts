import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

describe('inclusive gateway', () => {
  let model: ProcessModel;
  let upstream: ProcessModel;
  beforeAll(async () => {
    model = await fixture('inclusive');
    upstream = await fixture('inclusive-upstream');
  });

  it('splits to every flow whose condition holds', () => {
    // given
    const instance = new Instance(model);

    // when
    instance.start({ needsFire: true, needsHealth: true });

    // then
    expect(instance.openTasks()).toEqual(['fire', 'health']);
  });

  it('takes the default flow when no condition holds', () => {
    // when
    const instance = new Instance(model).start({ needsFire: false, needsHealth: false });

    // then
    expect(instance.openTasks()).toEqual(['archive']);
  });

  it('joins once the branches that were started have arrived, not waiting for branches never taken', () => {
    // given
    const instance = new Instance(model).start({ needsFire: true, needsHealth: true });

    // when
    instance.completeTask('fire');

    // then
    expect(instance.openTasks()).toEqual(['health']);
    expect(instance.active).toEqual(['health', 'merge']);

    // when
    instance.completeTask('health');

    // then
    expect(instance.openTasks()).toEqual(['issue']);
    expect(instance.history('element.entered').filter((id) => id === 'merge')).toHaveLength(1);
  });

  it('joins at once with a single branch', () => {
    // given
    const instance = new Instance(model).start({ needsFire: false, needsHealth: true });

    // when
    instance.completeTask('health');

    // then
    expect(instance.openTasks()).toEqual(['issue']);
  });

  it('waits for a token that can still reach it from upstream', () => {
    // given
    const instance = new Instance(upstream).start();

    // when
    instance.completeTask('early');

    // then: the token on `prepare` can still reach the join through `late`
    expect(instance.active).toEqual(['merge', 'prepare']);

    // when
    instance.completeTask('prepare');
    instance.completeTask('late');

    // then
    expect(instance.status).toBe('completed');
  });
});

describe('event-based gateway', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('event-gateway');
  });

  it('subscribes to every event after it', () => {
    // when
    const instance = new Instance(model).start({ applicationNo: 'A-1' });

    // then
    expect(instance.ofType('message.subscribed')).toEqual([
      { type: 'message.subscribed', key: expect.any(String), elementId: 'paid', messageName: 'fee-paid', correlationKey: 'A-1' },
    ]);
    expect(instance.ofType('timer.scheduled')[0]).toMatchObject({ elementId: 'timeout', dueAt: instance.now + 3 * 86_400_000 });
    expect(instance.ofType('signal.subscribed')[0]).toMatchObject({ elementId: 'withdrawn', signalName: 'application-withdrawn' });
    expect(instance.active).toEqual(['which']);
  });

  it('continues through the first event and withdraws the others', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-1' });
    const key = instance.keyOf('message.subscribed', 'paid');

    // when
    instance.run({ type: 'correlateMessage', key, variables: { amountPaid: 30 } });

    // then
    expect(instance.last.filter((e) => e.type === 'timer.cancelled' || e.type === 'signal.unsubscribed').map((e) => e.type)).toEqual(['timer.cancelled', 'signal.unsubscribed']);
    expect(instance.openTasks()).toEqual(['issue']);
    expect(instance.vars).toMatchObject({ amountPaid: 30 });
    expect(() => instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'timeout') })).toThrow(/no subscription/);
  });

  it('takes the timer branch when the timer fires first', () => {
    // given
    const instance = new Instance(model).start({ applicationNo: 'A-1' });

    // when
    instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'timeout') });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.history('element.left')).toContain('expired');
    expect(instance.ofType('message.unsubscribed')).toHaveLength(1);
  });
});

describe('step budget', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('budget-loop');
  });

  it('raises STEP_BUDGET_EXCEEDED on the looping element instead of running forever', () => {
    // given
    const instance = new Instance(model);
    instance.ctxExtra = { stepBudget: 50 };

    // when
    instance.start({ n: 0, limit: 1_000_000 });

    // then
    expect(instance.status).toBe('active');
    expect(instance.incidents()).toHaveLength(1);
    expect(instance.incidents()[0]).toMatch(/STEP_BUDGET_EXCEEDED/);
  });

  it('continues from the incident with a fresh budget when it is resolved', () => {
    // given
    const instance = new Instance(model);
    instance.ctxExtra = { stepBudget: 50 };
    instance.start({ n: 0, limit: 30 });
    expect(instance.incidents()).toHaveLength(1);

    // when
    instance.run({ type: 'resolveIncident', key: Object.keys(instance.state.incidents)[0] });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.vars.n).toBe(30);
  });
});

describe('inclusive joins in cycles', () => {
  it('fires a join again on every round of a loop, waiting only for the branches of that round', async () => {
    // given
    const instance = new Instance(await fixture('or-join-loop')).start({ round: 1 });

    // when: round 1 takes both branches
    instance.completeTask('a', { round: 2 });
    expect(instance.active).toEqual(['b', 'join']);
    instance.completeTask('b');

    // then: round 2 again opens both
    expect(instance.openTasks()).toEqual(['a', 'b']);

    // when
    instance.completeTask('b');
    instance.completeTask('a', { round: 3 });

    // then: round 3 only takes the unconditional branch, and the loop ends
    expect(instance.openTasks()).toEqual(['b']);
    instance.completeTask('b', { round: 4 });
    expect(instance.status).toBe('completed');
    expect(instance.history('element.entered').filter((id) => id === 'join')).toHaveLength(3);
  });

  it('breaks the join paradox: two OR-joins waiting only for each other fire, even while unrelated work goes on', async () => {
    // given
    const instance = new Instance(await fixture('or-join-paradox')).start({ done: false });

    // when
    instance.completeTask('a');
    instance.completeTask('b', { done: true });

    // then
    expect(instance.openTasks()).toEqual(['c', 'unrelated']);

    // when
    instance.completeTask('c');

    // then
    expect(instance.openTasks()).toEqual(['d', 'unrelated']);
    instance.completeTask('d');
    instance.completeTask('unrelated');
    expect(instance.status).toBe('completed');
  });
});
