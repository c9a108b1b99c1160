import { allowedReturnTargets, returnPlan, stepsAfter } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

function openTaskKeys(instance: Instance, elementId: string): string[] {
  const cancelled = new Set(instance.ofType('task.cancelled').map((t) => t.key));
  const left = new Set(instance.ofType('history').filter((h) => h.event === 'element.left').map((h) => h.key));
  return instance.ofType('task.created').filter((t) => t.elementId === elementId && !cancelled.has(t.key) && !left.has(t.key)).map((t) => t.key);
}

describe('退回 across a join and 撤回 before a fork: the engine\'s plans', () => {
  it('plans a return across the join the model allows: the other branches cancelled, the joins reset, the case restarted once', async () => {
    // given: accept, review and check done; issue and archive open
    const model = await fixture('return-across-join');
    const instance = new Instance(model).start();
    for (const id of ['accept', 'review', 'check']) instance.run({ type: 'completeTask', key: openTaskKeys(instance, id)[0] });
    const [issue] = openTaskKeys(instance, 'issue');

    // when
    const plan = returnPlan(model, instance.state, issue, 'accept');
    if (!plan.allowed) throw new Error(plan.reason);
    instance.run({ type: 'modify', instructions: plan.instructions });

    // then
    expect(allowedReturnTargets(model, instance.state, openTaskKeys(instance, 'accept')[0])).toEqual([]);
    expect(plan.acrossJoin).toBe(true);
    expect(openTaskKeys(instance, 'archive')).toEqual([]);
    expect(openTaskKeys(instance, 'accept')).toHaveLength(1);
    instance.run({ type: 'completeTask', key: openTaskKeys(instance, 'accept')[0] });
    instance.run({ type: 'completeTask', key: openTaskKeys(instance, 'review')[0] });
    expect(openTaskKeys(instance, 'issue')).toEqual([]);
    instance.run({ type: 'completeTask', key: openTaskKeys(instance, 'check')[0] });
    expect(openTaskKeys(instance, 'issue')).toHaveLength(1);
  });

  it('refuses a target that is no earlier step, with the reason and the allowed targets', async () => {
    // given
    const model = await fixture('return-across-join');
    const instance = new Instance(model).start();
    instance.run({ type: 'completeTask', key: openTaskKeys(instance, 'accept')[0] });

    // when
    const plan = returnPlan(model, instance.state, openTaskKeys(instance, 'review')[0], 'accept');

    // then
    expect(plan).toEqual({ allowed: false, reason: 'accept is no earlier step of this path', targets: [] });
  });

  it('names the first tasks of every branch a parallel fork leads to', async () => {
    // given
    const model = await fixture('return-across-join');

    // then
    expect(stepsAfter(model, 'accept')).toEqual({ elementIds: ['review', 'check', 'archive'], all: true });
    expect(stepsAfter(model, 'review')).toEqual({ elementIds: [], all: false });
  });
});
