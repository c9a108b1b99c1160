import type { InstanceState } from '../engine.types';
import type { EngineState } from '../execution/engine-state';

/** The multi-instance body an inner instance belongs to, as 加签 and 减签 ask about it. */
export interface MultiInstanceOf {
  /** The body's element instance key (what `addInstances` names). */
  bodyKey: string;
  /** Whether the body runs over an input collection (add elements) rather than a loop cardinality (add a count). */
  collection: boolean;
  /** The body's inner instances that are active now, in key order. */
  activeKeys: string[];
}

/**
 * The multi-instance body of the inner instance `key`, or undefined when `key` is no inner instance of
 * an active body (a single task). Pure: reads the state only.
 */
export function multiInstanceOf(state: InstanceState, key: string): MultiInstanceOf | undefined {
  const s = state as EngineState;
  const inner = s.els?.[key];
  const body = inner?.parent ? s.els[inner.parent] : undefined;
  if (s.status !== 'active' || !inner?.inner || !body?.multi || body.inner) return undefined;
  const activeKeys = Object.values(s.els).filter((ei) => ei.parent === body.key && ei.inner).map((ei) => ei.key);
  return { bodyKey: body.key, collection: body.multi.items !== undefined, activeKeys };
}
