import { DuplicateEffectApplierError, EffectAppliers } from './effect-appliers';
import { gathersOnly } from './gathers-only';

describe('EffectAppliers', () => {
  it('refuses a second applier of an effect type instead of silently replacing the first', () => {
    // given the runtime's table, which has a `job.created` applier (the job row and its queue message)
    const appliers = new EffectAppliers();

    // when another capability registers one too
    const registerAgain = () => appliers.register({ 'job.created': gathersOnly((ctx) => ctx.record({ type: 'job.created' })) });

    // then it throws, naming the effect type
    expect(registerAgain).toThrow(DuplicateEffectApplierError);
    expect(registerAgain).toThrow('job.created');
  });

  it('registers a new effect type once', () => {
    // given the runtime's table, which has no applier of `history.note`
    const appliers = new EffectAppliers();
    const note = gathersOnly<'history'>((ctx, effect) => ctx.record({ type: effect.event }));

    // when it is registered (as `history` is taken, under a cast of a type the engine does not emit)
    const register = () => appliers.register({ ['history.note' as 'history']: note });

    // then the first registration succeeds and the second throws
    expect(register).not.toThrow();
    expect(register).toThrow(DuplicateEffectApplierError);
  });

  it('lets the whole instance update go in one statement only when every applier only gathers rows', () => {
    // given the runtime's table
    const appliers = new EffectAppliers();

    // when asked about effects whose appliers gather rows, and about one whose applier writes its own row
    const gathering = appliers.writesNothingItself([
      { type: 'history', event: 'element.completed', elementId: 'Task_1', key: 'k1' },
      { type: 'continuation', key: 'k2', elementId: 'Gateway_1' },
      { type: 'message.thrown', elementId: 'Throw_1', messageName: 'm' },
    ] as never);
    const writing = appliers.writesNothingItself([{ type: 'timer.scheduled', key: 'k3', elementId: 'Timer_1', dueAt: 0 }] as never);

    // then only the first may be written in one statement
    expect(gathering).toBe(true);
    expect(writing).toBe(false);
  });
});
