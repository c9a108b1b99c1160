import type { ProcessModel } from '@tongban/bpmn';
import { engine } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

/** Returns the case waiting at `fromElement` to `target`: cancel the task, activate the target. */
function returnTo(instance: Instance, fromElement: string, target: string): void {
  instance.run({ type: 'modify', instructions: [{ cancel: instance.keyOf('task.created', fromElement) }, { activateBefore: target }] });
}

describe('退回 inside one parallel branch', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('modify-parallel');
  });

  it('lists the completed user tasks of the branch, nearest first, not those before the fork nor in the other branch', () => {
    // given
    const instance = new Instance(model).start().completeTask('intake').completeTask('a1').completeTask('b1');

    // when
    const targets = engine.returnTargets(model, instance.state, instance.keyOf('task.created', 'a2'));

    // then
    expect(targets).toEqual([{ elementId: 'a1', name: '公安初审' }]);
  });

  it('does not offer a task that was not completed in this instance', () => {
    // given
    const instance = new Instance(model).start().completeTask('intake');

    // when
    const targets = engine.returnTargets(model, instance.state, instance.keyOf('task.created', 'a1'));

    // then
    expect(targets).toEqual([]);
  });

  it('after the join, looks into the branches and before the fork only when asked', () => {
    // given
    const instance = new Instance(model).start().completeTask('intake').completeTask('a1').completeTask('b1').completeTask('a2');
    const issue = instance.keyOf('task.created', 'issue');

    // when
    const plain = engine.returnTargets(model, instance.state, issue);
    const across = engine.returnTargets(model, instance.state, issue, { allowAcrossJoin: true });

    // then
    expect(plain).toEqual([]);
    expect(across.map((t) => t.elementId)).toEqual(['a2', 'b1', 'a1', 'intake']);
  });

  it('returning in branch A while branch B still works leaves B alone; the join fires once', () => {
    // given
    const instance = new Instance(model).start().completeTask('intake').completeTask('a1');
    const b1 = instance.keyOf('task.created', 'b1');

    // when
    returnTo(instance, 'a2', 'a1');

    // then
    expect(instance.openTasks()).toEqual(['a1', 'b1']);
    expect(instance.keyOf('task.created', 'b1')).toBe(b1);
    expect(instance.last.some((e) => e.type === 'task.cancelled' && e.key === b1)).toBe(false);
    instance.completeTask('a1').completeTask('b1').completeTask('a2');
    expect(instance.openTasks()).toEqual(['issue']);
    instance.completeTask('issue');
    expect(instance.status).toBe('completed');
    expect(instance.history('element.entered').filter((id) => id === 'join')).toHaveLength(1);
    expect(instance.ofType('instance.ended')).toHaveLength(1);
  });

  it('returning in branch A after branch B has reached the join keeps B\'s token there; the join fires once, when A arrives again', () => {
    // given
    const instance = new Instance(model).start().completeTask('intake').completeTask('b1').completeTask('a1');

    // when
    returnTo(instance, 'a2', 'a1');

    // then
    expect(instance.openTasks()).toEqual(['a1']);
    expect(instance.active).toContain('join');
    instance.completeTask('a1');
    expect(instance.history('element.entered').filter((id) => id === 'join')).toHaveLength(0);
    instance.completeTask('a2');
    expect(instance.openTasks()).toEqual(['issue']);
    expect(instance.history('element.entered').filter((id) => id === 'join')).toHaveLength(1);
    instance.completeTask('issue');
    expect(instance.status).toBe('completed');
    expect(instance.history('element.entered').filter((id) => id === 'join')).toHaveLength(1);
    expect(instance.incidents()).toEqual([]);
  });

  it('a cancel on its own while the other branch waits at the join leaves the instance active with a STALLED incident, not ended', () => {
    // given
    const instance = new Instance(model).start().completeTask('intake').completeTask('b1').completeTask('a1');

    // when
    instance.run({ type: 'cancelElementInstance', key: instance.keyOf('task.created', 'a2') });

    // then
    expect(instance.status).toBe('active');
    expect(instance.incidents()).toEqual(['join:STALLED']);

    // when: the admin puts the token back
    instance.run({ type: 'startBefore', elementId: 'a2' });

    // then: the stall is over, and its incident with it
    expect(instance.incidents()).toEqual([]);
    expect(instance.last.filter((e) => e.type === 'incident.resolved').map((e) => 'elementId' in e && e.elementId)).toEqual(['join']);
    instance.completeTask('a2').completeTask('issue');

    // then
    expect(instance.status).toBe('completed');
  });
});

describe('退回 inside a subprocess', () => {
  it('offers the tasks completed in the same scope instance only', async () => {
    // given
    const model = await fixture('modify-subprocess');
    const instance = new Instance(model).start({ caseNo: 'C1' }).completeTask('prepare').completeTask('check');

    // when
    const targets = engine.returnTargets(model, instance.state, instance.keyOf('task.created', 'approve'));

    // then
    expect(targets).toEqual([{ elementId: 'check' }]);
  });
});

describe('退回 to a countersign', () => {
  it('offers a completed multi-instance user task, and returning to it starts the countersign again', async () => {
    // given
    const model = await fixture('modify-multi-instance', 'signThenIssue');
    const instance = new Instance(model).start({ signers: ['zhang', 'li'] });
    for (const task of instance.ofType('task.created')) instance.run({ type: 'completeTask', key: task.key });
    const issue = instance.keyOf('task.created', 'issue');

    // when
    const targets = engine.returnTargets(model, instance.state, issue);
    instance.run({ type: 'modify', instructions: [{ cancel: issue }, { activateBefore: targets[0].elementId }] });

    // then
    expect(targets).toEqual([{ elementId: 'sign', name: '会签' }]);
    expect(instance.openTasks()).toEqual(['sign', 'sign']);
  });
});
