import type { ProcessModel } from '@tongban/bpmn';
import { fixture, Instance } from './engine-test-kit';

describe('multi-instance countersigning', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('countersign');
  });

  function taskKeys(instance: Instance, elementId: string): string[] {
    return instance.ofType('task.created').filter((t) => t.elementId === elementId).map((t) => t.key);
  }

  it('会签: one task per signer, all must complete; outputs are collected in order', () => {
    // given
    const instance = new Instance(model).start({ mode: 'all', signers: ['zhang', 'li', 'wang'] });
    const keys = taskKeys(instance, 'allSign');
    expect(keys).toHaveLength(3);
    expect(instance.ofType('task.created').map((t) => t.elementId)).toEqual(['allSign', 'allSign', 'allSign']);

    // when
    instance.run({ type: 'completeTask', key: keys[2], variables: { opinion: 'ok-wang' } });
    instance.run({ type: 'completeTask', key: keys[0], variables: { opinion: 'ok-zhang' } });
    expect(instance.status).toBe('active');
    instance.run({ type: 'completeTask', key: keys[1], variables: { opinion: 'ok-li' } });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.vars.opinions).toEqual(['ok-zhang', 'ok-li', 'ok-wang']);
    expect(instance.vars).not.toHaveProperty('numberOfInstances');
  });

  it('或签: the first completion ends the others', () => {
    // given
    const instance = new Instance(model).start({ mode: 'any', signers: ['zhang', 'li', 'wang'] });
    const keys = taskKeys(instance, 'anySign');

    // when
    instance.run({ type: 'completeTask', key: keys[1] });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.cancelled').map((t) => t.key).sort()).toEqual([keys[0], keys[2]].sort());
  });

  it('票签: completes once the approving share reaches the ratio (Camunda 7 nrOf… aliases)', () => {
    // given
    const instance = new Instance(model).start({ mode: 'vote', signers: ['a', 'b', 'c', 'd', 'e'] });
    const keys = taskKeys(instance, 'vote');

    // when
    instance.run({ type: 'completeTask', key: keys[0], variables: { approve: true } });
    instance.run({ type: 'completeTask', key: keys[1], variables: { approve: false } });
    instance.run({ type: 'completeTask', key: keys[2], variables: { approve: true } });
    expect(instance.status).toBe('active');
    instance.run({ type: 'completeTask', key: keys[3], variables: { approve: true } });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.cancelled').map((t) => t.key)).toEqual([keys[4]]);
  });

  it('sequential: one signer after another, with the loop counter and input element in each instance', () => {
    // given
    const instance = new Instance(model).start({ mode: 'turn', signers: ['zhang', 'li'] });
    expect(taskKeys(instance, 'inTurn')).toHaveLength(1);

    // when
    instance.run({ type: 'completeTask', key: taskKeys(instance, 'inTurn')[0] });

    // then
    expect(taskKeys(instance, 'inTurn')).toHaveLength(2);

    // when
    instance.run({ type: 'completeTask', key: taskKeys(instance, 'inTurn')[1] });

    // then
    expect(instance.vars.order).toEqual(['zhang:1', 'li:2']);
    expect(instance.status).toBe('completed');
  });

  it('a boundary timer on the multi-instance activity belongs to the whole body and ends every signer task', () => {
    // given
    const instance = new Instance(model).start({ mode: 'all', signers: ['zhang', 'li', 'wang'] });
    expect(instance.ofType('timer.scheduled').map((t) => t.elementId)).toEqual(['signDeadline']);
    instance.run({ type: 'completeTask', key: taskKeys(instance, 'allSign')[0], variables: { opinion: 'ok' } });

    // when
    instance.run({ type: 'triggerTimer', key: instance.keyOf('timer.scheduled', 'signDeadline') });

    // then
    expect(instance.ofType('task.cancelled')).toHaveLength(2);
    expect(instance.status).toBe('completed');
    expect(instance.history('element.left')).toContain('endLate');
  });

  it('an empty collection completes at once', () => {
    // when
    const instance = new Instance(model).start({ mode: 'all', signers: [] });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.vars.opinions).toEqual([]);
  });

  it('an input collection that is not a list raises FEEL_ERROR', () => {
    // when
    const instance = new Instance(model).start({ mode: 'all', signers: 'zhang' });

    // then
    expect(instance.incidents()).toEqual(['allSign:FEEL_ERROR']);
  });
});

describe('multi-instance subprocess with loop cardinality', () => {
  it('runs the body the given number of times in sequence', async () => {
    // given
    const instance = new Instance(await fixture('mi-cardinality'));

    // when
    instance.start({ rounds: 4, total: 0 });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.vars.total).toBe(1 + 2 + 3 + 4);
    expect(instance.history('element.entered').filter((id) => id === 'tally')).toHaveLength(4);
  });

  it('a completion condition that fails is a FEEL_ERROR incident on the body; resolving evaluates it again', async () => {
    // given: the condition gives a string, not a boolean
    const instance = new Instance(await fixture('mi-condition-error')).start({ signers: ['a', 'b', 'c'], quorumReached: 'maybe' });
    const keys = instance.ofType('task.created').map((t) => t.key);

    // when
    instance.run({ type: 'completeTask', key: keys[0] });
    instance.run({ type: 'completeTask', key: keys[1] });

    // then: one incident, the other signer still open
    expect(instance.incidents()).toEqual(['sign:FEEL_ERROR']);
    expect(instance.ofType('incident.raised')).toHaveLength(1);
    expect(instance.openTasks()).toEqual(['sign']);

    // when the data is fixed and the incident resolved
    instance.run({ type: 'setVariables', variables: { quorumReached: false } });
    instance.run({ type: 'resolveIncident', key: instance.ofType('incident.raised')[0].key });

    // then the body waits for the last signer, then completes
    expect(instance.incidents()).toEqual([]);
    expect(instance.status).toBe('active');
    instance.run({ type: 'completeTask', key: keys[2] });
    expect(instance.status).toBe('completed');
  });

  it('resolving a failed completion condition that now holds ends the body and withdraws the open signers', async () => {
    // given
    const instance = new Instance(await fixture('mi-condition-error')).start({ signers: ['a', 'b', 'c'], quorumReached: 'maybe' });
    const keys = instance.ofType('task.created').map((t) => t.key);
    instance.run({ type: 'completeTask', key: keys[0] });

    // when
    instance.run({ type: 'setVariables', variables: { quorumReached: true } });
    instance.run({ type: 'resolveIncident', key: instance.ofType('incident.raised')[0].key });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.cancelled').map((t) => t.key).sort()).toEqual([keys[1], keys[2]].sort());
  });
});
