import { multiInstanceOf } from '@tongban/engine';
import { fixture, Instance } from './engine-test-kit';

/** The task keys of an element that were created and neither cancelled nor left. */
function openTaskKeys(instance: Instance, elementId: string): string[] {
  const cancelled = new Set(instance.ofType('task.cancelled').map((t) => t.key));
  const left = new Set(instance.ofType('history').filter((h) => h.event === 'element.left').map((h) => h.key));
  return instance.ofType('task.created').filter((t) => t.elementId === elementId && !cancelled.has(t.key) && !left.has(t.key)).map((t) => t.key);
}

describe('加签 and 减签 primitives inside an embedded subprocess and a parallel branch', () => {
  it('inside a subprocess: an added signer is waited for, the subprocess completes once, and the query sees the body', async () => {
    // given
    const instance = new Instance(await fixture('signers-in-scopes', 'signInSubprocess')).start({ signers: ['zhang', 'li'] });
    const [zhang] = openTaskKeys(instance, 'sign');
    const body = multiInstanceOf(instance.state, zhang);

    // when
    instance.run({ type: 'addMultiInstances', key: body!.bodyKey, elements: ['wang'] });

    // then
    expect(body).toMatchObject({ collection: true, activeKeys: [expect.any(String), expect.any(String)] });
    const keys = openTaskKeys(instance, 'sign');
    expect(keys).toHaveLength(3);
    expect(multiInstanceOf(instance.state, keys[2])).toMatchObject({ bodyKey: body!.bodyKey, activeKeys: keys });
    for (const key of keys.slice(0, 2)) instance.run({ type: 'completeTask', key });
    expect(openTaskKeys(instance, 'issue')).toHaveLength(0);
    instance.run({ type: 'completeTask', key: keys[2] });
    expect(openTaskKeys(instance, 'issue')).toHaveLength(1);
    expect(instance.vars.signed).toEqual(['zhang', 'li', 'wang']);
    expect(instance.ofType('history').filter((h) => h.event === 'element.left' && h.elementId === 'review')).toHaveLength(1);
  });

  it('inside a subprocess: a removed signer is not waited for and not collected; a single task is no body', async () => {
    // given
    const instance = new Instance(await fixture('signers-in-scopes', 'signInSubprocess')).start({ signers: ['zhang', 'li', 'wang'] });
    const [zhang, li, wang] = openTaskKeys(instance, 'sign');

    // when
    instance.run({ type: 'removeMultiInstance', key: li });

    // then
    expect(multiInstanceOf(instance.state, zhang)?.activeKeys).toEqual([zhang, wang]);
    instance.run({ type: 'completeTask', key: zhang });
    instance.run({ type: 'completeTask', key: wang });
    const [issue] = openTaskKeys(instance, 'issue');
    expect(instance.vars.signed).toEqual(['zhang', 'wang']);
    expect(multiInstanceOf(instance.state, issue)).toBeUndefined();
  });

  it('in a parallel branch: adding and removing signers leaves the other branch alone, and the join fires once', async () => {
    // given
    const instance = new Instance(await fixture('signers-in-scopes', 'signInBranch')).start({ signers: ['zhang', 'li'] });
    const [zhang, li] = openTaskKeys(instance, 'bSign');
    const [check] = openTaskKeys(instance, 'check');

    // when: one signer added, one removed
    instance.run({ type: 'addMultiInstances', key: multiInstanceOf(instance.state, zhang)!.bodyKey, elements: ['wang'] });
    instance.run({ type: 'removeMultiInstance', key: li });

    // then: the other branch's task is the same, untouched
    expect(openTaskKeys(instance, 'check')).toEqual([check]);
    const signers = openTaskKeys(instance, 'bSign');
    expect(signers).toHaveLength(2);
    instance.run({ type: 'completeTask', key: check });
    expect(openTaskKeys(instance, 'bIssue')).toHaveLength(0);
    for (const key of signers) instance.run({ type: 'completeTask', key });
    expect(openTaskKeys(instance, 'bIssue')).toHaveLength(1);
    expect(instance.vars.signed).toEqual(['zhang', 'wang']);
  });
});
