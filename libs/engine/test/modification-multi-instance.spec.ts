import type { ProcessModel } from '@tongban/bpmn';
import type { Command } from '../src/engine.types';
import { EngineError, type InstanceState } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

interface StoredInstance {
  key: string;
  el: string;
  multi?: unknown;
  vars?: Record<string, unknown>;
}

/** The multi-instance body of an element (engine-internal state, read for assertions). */
function bodyOf(state: InstanceState, elementId: string): StoredInstance {
  const body = Object.values(state.els as Record<string, StoredInstance>).find((ei) => ei.el === elementId && ei.multi);
  if (!body) throw new Error(`no multi-instance body of ${elementId}`);
  return body;
}

function openTaskKeys(instance: Instance, elementId: string): string[] {
  const cancelled = new Set(instance.ofType('task.cancelled').map((t) => t.key));
  const left = new Set(instance.ofType('history').filter((h) => h.event === 'element.left').map((h) => h.key));
  return instance.ofType('task.created').filter((t) => t.elementId === elementId && !cancelled.has(t.key) && !left.has(t.key)).map((t) => t.key);
}

function signerOf(instance: Instance, key: string): unknown {
  return instance.ofType('task.created').find((t) => t.key === key)?.variables?.signer;
}

describe('process instance modification: 加签 and 减签 on multi-instance bodies', () => {
  let model: ProcessModel;
  beforeAll(async () => {
    model = await fixture('countersign');
  });

  it('会签 加签: an added signer gets a task at once and must sign too; the output collection grows in order', () => {
    // given
    const instance = new Instance(model).start({ mode: 'all', signers: ['zhang', 'li'] });
    const body = bodyOf(instance.state, 'allSign');

    // when
    instance.run({ type: 'addMultiInstances', key: body.key, elements: ['wang'] });

    // then
    const keys = openTaskKeys(instance, 'allSign');
    expect(keys.map((k) => signerOf(instance, k))).toEqual(['zhang', 'li', 'wang']);
    expect(bodyOf(instance.state, 'allSign').vars).toMatchObject({ nrOfInstances: 3, nrOfActiveInstances: 3, numberOfInstances: 3 });
    instance.run({ type: 'completeTask', key: keys[0], variables: { opinion: 'z' } });
    instance.run({ type: 'completeTask', key: keys[1], variables: { opinion: 'l' } });
    expect(instance.status).toBe('active');
    instance.run({ type: 'completeTask', key: keys[2], variables: { opinion: 'w' } });
    expect(instance.status).toBe('completed');
    expect(instance.vars.opinions).toEqual(['z', 'l', 'w']);
  });

  it('会签 减签: the removed signer\'s task is cancelled, not completed; the others finish the body without it', () => {
    // given
    const instance = new Instance(model).start({ mode: 'all', signers: ['zhang', 'li', 'wang'] });
    const [zhang, li, wang] = openTaskKeys(instance, 'allSign');
    instance.run({ type: 'completeTask', key: zhang, variables: { opinion: 'z' } });

    // when
    instance.run({ type: 'removeMultiInstance', key: li });

    // then
    expect(instance.last.filter((e) => e.type === 'task.cancelled')).toEqual([{ type: 'task.cancelled', key: li, elementId: 'allSign' }]);
    expect(bodyOf(instance.state, 'allSign').vars).toMatchObject({ nrOfInstances: 2, nrOfActiveInstances: 1, nrOfCompletedInstances: 1 });
    instance.run({ type: 'completeTask', key: wang, variables: { opinion: 'w' } });
    expect(instance.status).toBe('completed');
    expect(instance.vars.opinions).toEqual(['z', 'w']);
  });

  it('removing the last open signer completes the body, as every remaining instance is done', () => {
    // given
    const instance = new Instance(model).start({ mode: 'all', signers: ['zhang', 'li'] });
    const [zhang, li] = openTaskKeys(instance, 'allSign');
    instance.run({ type: 'completeTask', key: zhang, variables: { opinion: 'z' } });

    // when
    instance.run({ type: 'modify', instructions: [{ cancel: li }] });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.vars.opinions).toEqual(['z']);
    expect(instance.history('element.left').filter((id) => id === 'allSign')).toHaveLength(2);
  });

  it('或签 加签: the added signer may be the one who ends it', () => {
    // given
    const instance = new Instance(model).start({ mode: 'any', signers: ['zhang'] });

    // when
    instance.run({ type: 'addMultiInstances', key: bodyOf(instance.state, 'anySign').key, elements: ['li'] });
    const [zhang, li] = openTaskKeys(instance, 'anySign');
    instance.run({ type: 'completeTask', key: li });

    // then
    expect(signerOf(instance, li)).toBe('li');
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.cancelled').map((t) => t.key)).toEqual([zhang]);
  });

  it('票签 加签: the completion condition sees the new number of instances', () => {
    // given: 2 of 3 approvals would pass the 60% vote
    const instance = new Instance(model).start({ mode: 'vote', signers: ['a', 'b', 'c'] });
    const [a, b] = openTaskKeys(instance, 'vote');
    instance.run({ type: 'completeTask', key: a, variables: { approve: true } });

    // when
    instance.run({ type: 'addMultiInstances', key: bodyOf(instance.state, 'vote').key, elements: ['d', 'e'] });
    instance.run({ type: 'completeTask', key: b, variables: { approve: true } });

    // then: 2 of 5 is not enough
    expect(instance.status).toBe('active');
    const c = openTaskKeys(instance, 'vote').find((k) => signerOf(instance, k) === 'c') as string;
    instance.run({ type: 'completeTask', key: c, variables: { approve: true } });
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.cancelled').map((t) => signerOf(instance, t.key)).sort()).toEqual(['d', 'e']);
  });

  it('票签 减签: removing voters evaluates the completion condition again, which may now complete the body', () => {
    // given: 2 approvals of 5 (40%)
    const instance = new Instance(model).start({ mode: 'vote', signers: ['a', 'b', 'c', 'd', 'e'] });
    const [a, b, , d, e] = openTaskKeys(instance, 'vote');
    instance.run({ type: 'completeTask', key: a, variables: { approve: true } });
    instance.run({ type: 'completeTask', key: b, variables: { approve: true } });

    // when: 2 of 4 (50%)
    instance.run({ type: 'removeMultiInstance', key: d });

    // then
    expect(instance.status).toBe('active');

    // when: 2 of 3 (67%)
    instance.run({ type: 'removeMultiInstance', key: e });

    // then
    expect(instance.status).toBe('completed');
    expect(instance.ofType('task.cancelled').map((t) => signerOf(instance, t.key))).toEqual(['d', 'e', 'c']);
  });

  it('sequential 加签: added signers queue after the current one, with the next loop counters', () => {
    // given
    const instance = new Instance(model).start({ mode: 'turn', signers: ['zhang', 'li'] });

    // when
    instance.run({ type: 'addMultiInstances', key: bodyOf(instance.state, 'inTurn').key, elements: ['wang'] });

    // then
    expect(openTaskKeys(instance, 'inTurn')).toHaveLength(1);
    for (let i = 0; i < 3; i++) instance.run({ type: 'completeTask', key: openTaskKeys(instance, 'inTurn')[0] });
    expect(instance.status).toBe('completed');
    expect(instance.vars.order).toEqual(['zhang:1', 'li:2', 'wang:3']);
  });

  it('sequential 减签 of the current signer starts the next one', () => {
    // given
    const instance = new Instance(model).start({ mode: 'turn', signers: ['zhang', 'li'] });
    const [zhang] = openTaskKeys(instance, 'inTurn');

    // when
    instance.run({ type: 'removeMultiInstance', key: zhang });

    // then
    const [li] = openTaskKeys(instance, 'inTurn');
    expect(signerOf(instance, li)).toBe('li');
    instance.run({ type: 'completeTask', key: li });
    expect(instance.status).toBe('completed');
    expect(instance.vars.order).toEqual(['li:2']);
  });

  it('refuses to add to what is not a body, to add nothing, and to remove what is not an inner instance', () => {
    // given
    const instance = new Instance(model).start({ mode: 'all', signers: ['zhang'] });
    const body = bodyOf(instance.state, 'allSign');
    const [task] = openTaskKeys(instance, 'allSign');
    const attempts = [
      { type: 'addMultiInstances', key: task, elements: ['x'] },
      { type: 'addMultiInstances', key: body.key },
      { type: 'addMultiInstances', key: body.key, elements: ['x'], count: 2 },
      { type: 'removeMultiInstance', key: body.key },
      { type: 'addMultiInstances', key: '999', elements: ['x'] },
    ] as const;

    // when
    const messages = attempts.map((command) => {
      try {
        instance.run(command as Command);
        return 'applied';
      } catch (error) {
        return error instanceof EngineError ? `${error.code}: ${error.message}` : String(error);
      }
    });

    // then
    expect(messages).toEqual([
      `MODIFICATION_REFUSED: instruction 1: cannot add instances to allSign (${task}): it is not a multi-instance body`,
      `MODIFICATION_REFUSED: instruction 1: cannot add instances to allSign (${body.key}): it runs over an input collection; give the elements to add`,
      `MODIFICATION_REFUSED: instruction 1: cannot add instances to allSign (${body.key}): count and the number of elements differ`,
      `MODIFICATION_REFUSED: instruction 1: cannot remove allSign (${body.key}): it is not an inner instance of a multi-instance body`,
      'ELEMENT_INSTANCE_NOT_FOUND: instruction 1: no element instance with key 999',
    ]);
    expect(openTaskKeys(instance, 'allSign')).toEqual([task]);
  });

  it('adds a count of instances to a loop-cardinality body', async () => {
    // given
    const panel = new Instance(await fixture('modify-multi-instance', 'expertPanel')).start({ experts: 2 });

    // when
    panel.run({ type: 'addMultiInstances', key: bodyOf(panel.state, 'expertReview').key, count: 2 });

    // then
    const keys = openTaskKeys(panel, 'expertReview');
    expect(keys).toHaveLength(4);
    expect(panel.ofType('task.created').map((t) => t.variables?.loopCounter)).toEqual([1, 2, 3, 4]);
    for (const key of keys) panel.run({ type: 'completeTask', key });
    expect(panel.status).toBe('completed');
  });

  it('cancelling the last token inside an inner instance of a multi-instance subprocess removes that inner instance', async () => {
    // given
    const instance = new Instance(await fixture('modify-multi-instance', 'perDepartment')).start({ departments: ['police', 'market'] });
    const [police, market] = openTaskKeys(instance, 'handle');

    // when
    instance.run({ type: 'cancelElementInstance', key: police });

    // then
    expect(bodyOf(instance.state, 'department').vars).toMatchObject({ numberOfInstances: 1, numberOfActiveInstances: 1 });
    instance.run({ type: 'completeTask', key: market });
    expect(instance.status).toBe('completed');
    expect(instance.vars.results).toEqual(['market']);
  });

  it('refuses an element of another process of the same file', async () => {
    // given
    const instance = new Instance(await fixture('modify-multi-instance', 'perDepartment')).start({ departments: ['police'] });

    // when
    const run = (): unknown => instance.run({ type: 'startBefore', elementId: 'expertReview' });

    // then
    expect(run).toThrow(new EngineError('ELEMENT_NOT_FOUND', 'instruction 1: process perDepartment has no element expertReview'));
  });
});
