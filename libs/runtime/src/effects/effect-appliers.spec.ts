import { DuplicateEffectApplierError, EffectAppliers, type EffectApplier } from './effect-appliers';
import { TaskLifecycle } from './task-lifecycle';

describe('EffectAppliers', () => {
  it('refuses a second applier of an effect type instead of silently replacing the first', () => {
    // given the runtime's table, which has a `job.created` applier (the job row and its queue message)
    const appliers = new EffectAppliers(new TaskLifecycle());

    // when another capability registers one too
    const registerAgain = () => appliers.register({ 'job.created': (ctx) => ctx.record({ type: 'job.created' }) });

    // then it throws, naming the effect type
    expect(registerAgain).toThrow(DuplicateEffectApplierError);
    expect(registerAgain).toThrow('job.created');
  });

  it('registers a new effect type once', () => {
    // given the runtime's table, which has no applier of `history.note`
    const appliers = new EffectAppliers(new TaskLifecycle());
    const note = (ctx: Parameters<EffectApplier<'history'>>[0], effect: Parameters<EffectApplier<'history'>>[1]) => ctx.record({ type: effect.event });

    // when it is registered (as `history` is taken, under a cast of a type the engine does not emit)
    const register = () => appliers.register({ ['history.note' as 'history']: note });

    // then the first registration succeeds and the second throws
    expect(register).not.toThrow();
    expect(register).toThrow(DuplicateEffectApplierError);
  });
});
