import { waitsAt } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

describe('waitsAt (the runtime asks whether work is still pending)', () => {
  it('answers true while a continuation waits at its key and false once it is taken up', async () => {
    // given an instance stopped before an asyncBefore element
    const instance = new Instance(await fixture('async-camunda')).start({ a: 1, b: 2, clerk: 'wang' });
    const key = instance.ofType('continuation')[0].key;

    // when asked, then after the continuation and the asyncAfter one are taken up
    const before = waitsAt(instance.state, key, 'continuation');
    const asTask = waitsAt(instance.state, key, 'task');
    instance.run({ type: 'continue', key }).run({ type: 'continue', key });
    const after = waitsAt(instance.state, key, 'continuation');

    // then
    expect(before).toBe(true);
    expect(asTask).toBe(false);
    expect(after).toBe(false);
  });

  it('answers false for a key the instance never had', async () => {
    // given
    const instance = new Instance(await fixture('async-camunda')).start({ a: 1, b: 2, clerk: 'wang' });

    // when
    const answer = waitsAt(instance.state, '999999', 'continuation');

    // then
    expect(answer).toBe(false);
  });
});
