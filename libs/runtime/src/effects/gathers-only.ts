import type { CommandContext } from './command-context';
import type { EffectApplier, EffectOf, EffectType } from './effect-appliers';

const GATHERS_ONLY = Symbol('gathersOnly');

/**
 * Marks an effect applier that issues no SQL of its own: it only gathers task, history and outbox
 * rows in the command's context, so the command may write them together with the instance update.
 */
export function gathersOnly<T extends EffectType>(applier: (ctx: CommandContext, effect: EffectOf<T>) => void): EffectApplier<T> {
  return Object.assign(applier, { [GATHERS_ONLY]: true });
}

/** True for an applier marked with `gathersOnly`. */
export function isGatheringOnly(applier: unknown): boolean {
  return typeof applier === 'function' && (applier as { [GATHERS_ONLY]?: boolean })[GATHERS_ONLY] === true;
}
