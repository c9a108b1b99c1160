import type { Variables } from '../engine.types';
import { EngineError } from '../engine.errors';
import type { Run } from '../execution/run';
import { plainVariables } from '../variables/variable-scopes';

/**
 * Camunda 7's `signal` of a plain wait state (a receive task without a message): the earliest
 * element instance waiting at `elementId` leaves it, the variables merging into the instance as
 * a task completion's do. WAIT_NOT_FOUND when nothing waits there.
 */
export function triggerWaitingElement(run: Run, elementId: string, variables: Variables | undefined): void {
  const waiting = Object.values(run.state.els)
    .filter((ei) => ei.el === elementId && ei.wait === 'trigger')
    .sort((a, b) => Number(a.key) - Number(b.key));
  const ei = waiting[0];
  if (!ei) throw new EngineError('WAIT_NOT_FOUND', `nothing waits at ${elementId} for a trigger`);
  run.hooks.waitEnded(run, ei, variables ? plainVariables(variables) : undefined);
}
