import { EngineError } from '../engine.errors';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';

/**
 * `resetJoins`: drops the tokens waiting at the parallel and inclusive joins of the scope instance
 * `scopeKey`, as when the case restarts before their fork; nothing else changes.
 */
export function resetJoins(run: Run, scopeKey: string): ElementInstance {
  const scope = run.state.els[scopeKey];
  if (!scope) throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `no element instance with key ${scopeKey}`);
  if (scope.wait !== 'scope') throw new EngineError('MODIFICATION_REFUSED', `cannot reset the joins of ${scope.el} (${scopeKey}): it is not a scope instance`);
  delete scope.joins;
  return scope;
}
