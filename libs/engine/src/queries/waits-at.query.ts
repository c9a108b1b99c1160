import type { InstanceState } from '../engine.types';
import type { EngineState, WaitKind } from '../execution/engine-state';

/** What an element instance can wait for, as the runtime asks about it. */
export type { WaitKind };

/**
 * Whether the instance still waits at the element instance `key` for `kind` (e.g. a continuation not
 * taken up yet), as the runtime asks before re-publishing work for it. Pure: reads the state only.
 */
export function waitsAt(state: InstanceState, key: string, kind: WaitKind): boolean {
  const s = state as EngineState;
  return s.status === 'active' && s.els?.[key]?.wait === kind;
}
