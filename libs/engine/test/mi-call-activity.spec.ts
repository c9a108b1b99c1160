import { fixture, Instance } from './engine-test-kit';

describe('multi-instance call activity with camunda:in / camunda:out variables="all"', () => {
  it('does not let the children\'s copies of the loop counters overwrite the body\'s, so the body ends', async () => {
    // given
    const instance = new Instance(await fixture('mi-call-all')).start({ items: ['a', 'b', 'c'] });
    const calls = instance.ofType('call.started');
    expect(calls.map((call) => [call.variables.loopCounter, call.variables.item, call.variables.nrOfActiveInstances])).toEqual([[0, 'a', 3], [1, 'b', 3], [2, 'c', 3]]);

    // when: each child ends and, with out variables="all", returns everything it was given plus its result
    for (const call of calls) {
      instance.run({ type: 'completeCall', key: call.key, variables: { ...call.variables, [`checked_${String(call.variables.item)}`]: true } });
    }

    // then
    expect(instance.active).toEqual(['afterwards']);
    expect(instance.incidents()).toEqual([]);
    expect(instance.vars).toMatchObject({ checked_a: true, checked_b: true, checked_c: true, items: ['a', 'b', 'c'] });
    expect(instance.vars).not.toHaveProperty('nrOfInstances');
  });
});
