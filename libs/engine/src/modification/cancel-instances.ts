import { removeInnerInstance } from '../activities/multi-instance.behavior';
import { EngineError } from '../engine.errors';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';

/**
 * `cancel`: terminates one element instance as an interruption would (its behaviour's `cancel`, its
 * subscriptions, everything inside it). An inner instance of a multi-instance body is removed (减签).
 * The enclosing scope is remembered in `emptied`, to end once every instruction has been applied.
 */
export function cancelInstance(run: Run, key: string, emptied: Set<string>): ElementInstance {
  const ei = run.state.els[key];
  if (!ei) throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `no element instance with key ${key}`);
  if (key === run.state.rootKey) throw new EngineError('MODIFICATION_REFUSED', `key ${key} is the process instance itself; cancel the instance instead`);
  const parent = run.state.els[ei.parent as string];
  if (ei.inner && parent?.multi) {
    removeInnerInstance(run, parent, ei);
    return ei;
  }
  run.terminate(ei);
  emptied.add(ei.parent as string);
  return ei;
}

/** `cancelAll`: terminates every instance of the element (the outermost ones; what is inside ends with them). */
export function cancelAllOf(run: Run, elementId: string, emptied: Set<string>): ElementInstance[] {
  if (!run.model.elements[elementId]) throw new EngineError('ELEMENT_NOT_FOUND', `process ${run.model.id} has no element ${elementId}`);
  const all = Object.values(run.state.els).filter((ei) => ei.el === elementId && ei.key !== run.state.rootKey);
  const outermost = all.filter((ei) => !all.some((other) => isInside(run, ei, other.key)));
  if (outermost.length === 0) throw new EngineError('MODIFICATION_REFUSED', `cannot cancel ${elementId}: it has no active instance`);
  for (const ei of outermost) if (run.state.els[ei.key]) cancelInstance(run, ei.key, emptied);
  return outermost;
}

function isInside(run: Run, ei: ElementInstance, ancestorKey: string): boolean {
  for (let at = ei.parent; at; at = run.state.els[at]?.parent) if (at === ancestorKey) return true;
  return false;
}

/**
 * After the last instruction: an inclusive join that a cancelled token can no longer reach fires, and
 * a scope that the cancellations left with no element instance and no token waiting at a join ends,
 * and so on outwards. An emptied subprocess or event subprocess is
 * terminated (no outgoing flow, no outputs), an emptied inner instance of a multi-instance body is
 * removed from it, and an emptied process instance ends `cancelled`, as the `cancel` command leaves it.
 */
export function endEmptiedScopes(run: Run, emptied: Set<string>): void {
  for (const key of emptied) endIfEmpty(run, key);
}

function endIfEmpty(run: Run, key: string): void {
  const scope = run.state.els[key];
  if (!scope || run.state.status !== 'active' || scope.wait !== 'scope') return;
  if (scope.joins) run.hooks.evaluateJoins(run, scope);
  if (scope.joins && Object.keys(scope.joins).length > 0) return;
  if (run.children(key).length > 0) return;
  if (key === run.state.rootKey) {
    run.finish('cancelled');
    return;
  }
  const parent = run.state.els[scope.parent as string];
  if (scope.inner && parent?.multi) {
    removeInnerInstance(run, parent, scope);
    return;
  }
  run.terminate(scope);
  endIfEmpty(run, scope.parent as string);
}
