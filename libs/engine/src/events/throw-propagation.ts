import type { ElementDef } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { triggerEventSubprocess } from '../activities/event-sub-process.behavior';
import { triggerBoundary } from './boundary-event.behavior';

/** Where a thrown error or escalation is caught: a boundary event or an event subprocess start. */
export interface Catcher {
  event: ElementDef;
  /** The activity instance (boundary) or the scope instance (event subprocess). */
  at: ElementInstance;
}

/**
 * Finds the nearest catcher of an error or escalation, walking from the throwing instance up the
 * scope chain: the instance's own boundary events, then each enclosing scope's event subprocesses
 * and that scope's boundary events. An exact code beats a catch-all at the same level.
 */
export function findCatcher(run: Run, from: ElementInstance, kind: 'error' | 'escalation', code: string | undefined): Catcher | undefined {
  const own = boundaryOf(run, from, kind, code);
  if (own) return own;
  for (let cur = from; cur.parent && run.state.els[cur.parent]; ) {
    const scope: ElementInstance = run.state.els[cur.parent];
    if (scope.wait === 'scope' || scope.key === run.state.rootKey) {
      const starts = (run.model.scopes[scope.el]?.eventSubprocesses ?? [])
        .filter((esp) => esp !== cur.el)
        .map((esp) => run.index.eventSubprocessStart[esp])
        .filter((s) => s?.event?.kind === kind);
      const start = best(starts, code);
      if (start) return { event: start, at: scope };
    }
    const boundary = boundaryOf(run, scope, kind, code);
    if (boundary) return boundary;
    cur = scope;
  }
  return undefined;
}

function boundaryOf(run: Run, ei: ElementInstance, kind: 'error' | 'escalation', code: string | undefined): Catcher | undefined {
  if (ei.inner || ei.key === run.state.rootKey) return undefined;
  const boundary = best((run.index.boundaries[ei.el] ?? []).filter((b) => b.event?.kind === kind), code);
  return boundary ? { event: boundary, at: ei } : undefined;
}

function best(candidates: ElementDef[], code: string | undefined): ElementDef | undefined {
  return candidates.find((c) => c.event?.code !== undefined && c.event.code === code)
    ?? candidates.find((c) => c.event?.code === undefined);
}

/** Hands a thrown error or escalation to its catcher (interrupting or not). */
export function catchThrow(run: Run, catcher: Catcher, vars: Variables): void {
  if (catcher.event.type === 'startEvent') {
    triggerEventSubprocess(run, catcher.at, catcher.event, vars);
    return;
  }
  triggerBoundary(run, catcher.at, catcher.event, vars);
}

/**
 * Throws a BPMN error from an instance. Caught: the catcher runs. Uncaught in a called child: the
 * child ends `terminated` with the error for the parent. Uncaught in a root instance: returns false
 * and the caller raises UNHANDLED_ERROR.
 */
export function throwBpmnError(run: Run, from: ElementInstance, code: string, message: string | undefined, vars: Variables): boolean {
  run.history('error.thrown', from.el, from.key, { code, ...(message !== undefined ? { message } : {}) });
  const catcher = findCatcher(run, from, 'error', code);
  if (catcher) {
    const { errorCodeVariable, conditionExpression } = catcher.event.event ?? {};
    // models compiled before errorMessageVariable existed kept the message variable in conditionExpression
    const errorMessageVariable = catcher.event.event?.errorMessageVariable ?? conditionExpression;
    catchThrow(run, catcher, {
      ...vars,
      ...(errorCodeVariable ? { [errorCodeVariable]: code } : {}),
      ...(errorMessageVariable ? { [errorMessageVariable]: message ?? null } : {}),
    });
    return true;
  }
  if (run.state.hasParent) {
    run.finish('terminated', message !== undefined ? { code, message } : { code });
    return true;
  }
  return false;
}

/**
 * Throws an escalation from an instance. Uncaught escalations are not incidents (Camunda): a called
 * child reports it to its parent with `escalation.propagated`, a root instance just continues.
 */
export function throwEscalation(run: Run, from: ElementInstance, code: string, vars: Variables): void {
  run.history('escalation.thrown', from.el, from.key, { code });
  const catcher = findCatcher(run, from, 'escalation', code);
  if (catcher) catchThrow(run, catcher, vars);
  else if (run.state.hasParent) run.emit({ type: 'escalation.propagated', code, variables: vars });
}
