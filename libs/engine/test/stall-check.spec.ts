import { fixture, Instance } from './engine-test-kit';

describe('no silent hangs', () => {
  it('raises STALLED on a join whose missing token no path can deliver', async () => {
    // given
    const instance = new Instance(await fixture('join-deadlock')).start();
    instance.completeTask('apply', { web: true });

    // when
    instance.completeTask('online');

    // then
    expect(instance.status).toBe('active');
    expect(instance.incidents()).toEqual(['both:STALLED']);
    expect(Object.values(instance.state.incidents)[0].message).toBe('both waits to join a token on fromPost, which no path of the instance can still deliver');
    expect(instance.last).toContainEqual(expect.objectContaining({ type: 'incident.raised', elementId: 'both', incidentType: 'STALLED' }));
  });

  it('raises nothing while a task can still deliver the missing token', async () => {
    // given
    const instance = new Instance(await fixture('join-deadlock')).start();

    // when
    instance.completeTask('apply', { web: true });

    // then
    expect(instance.active).toEqual(['online']);
    expect(instance.incidents()).toEqual([]);
  });

  it('raises STALLED on a multi-instance body whose counters no longer add up, and raises it again when resolved unchanged', async () => {
    // given
    const instance = new Instance(await fixture('mi-call-all')).start({ items: ['a', 'b'] });
    const [first, second] = instance.ofType('call.started').map((call) => call.key);
    const els = instance.state.els as Record<string, { key: string; el: string; wait?: string }>;
    const bodyKey = Object.values(els).find((ei) => ei.el === 'check' && ei.wait === 'multi')?.key as string;
    instance.run({ type: 'setVariables', scopeKey: bodyKey, variables: { nrOfActiveInstances: 3, numberOfActiveInstances: 3 } });
    instance.run({ type: 'completeCall', key: first });

    // when
    instance.run({ type: 'completeCall', key: second });

    // then
    expect(instance.incidents()).toEqual(['check:STALLED']);
    expect(Object.values(instance.state.incidents)[0].message).toBe('multi-instance check has no inner instance left to run but is not complete (2 of 2 completed)');

    // when
    instance.run({ type: 'resolveIncident', key: Object.keys(instance.state.incidents)[0] });

    // then
    expect(instance.incidents()).toEqual(['check:STALLED']);
    expect(instance.last.map((e) => e.type).filter((t) => t.startsWith('incident'))).toEqual(['incident.resolved', 'incident.raised']);
  });
});
