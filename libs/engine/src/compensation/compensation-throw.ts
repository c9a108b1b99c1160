import type { ElementDef } from '@tongban/bpmn';
import type { CompensableRecord, ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';

/**
 * Compensation throw (intermediate or end): runs the handlers of the scope's completed activities (or
 * of the referenced activity: each completed inner instance of a multi-instance one, the activities
 * inside a completed subprocess without a handler of its own) in reverse completion order, one after another; with waitForCompletion
 * the throw event waits for the last handler, otherwise all handlers start and the token moves on.
 */
export function throwCompensation(run: Run, ei: ElementInstance, el: ElementDef): void {
  const scope = run.state.els[ei.parent as string];
  const records = scope.compensable ?? [];
  const ref = el.event?.activityRef;
  const selected = ref ? records.filter((r) => r.el === ref || r.in?.includes(ref)) : records;
  const kept = records.filter((r) => !selected.includes(r));
  if (kept.length > 0) scope.compensable = kept;
  else delete scope.compensable;
  const handlers = [...selected].reverse();
  run.history('compensation.started', el.id, ei.key, { handlers: handlers.map((h) => h.handler) });
  if (handlers.length === 0) {
    run.complete(ei);
    return;
  }
  if (el.event?.waitForCompletion === false) {
    for (const handler of handlers) startHandler(run, scope, handler, ei.key);
    run.complete(ei);
    return;
  }
  ei.wait = 'compensation';
  ei.pendingHandlers = handlers.slice(1);
  startHandler(run, scope, handlers[0], ei.key);
}

/**
 * Starts one handler in the scope: a handler activity (with the variables of the multi-instance inner
 * instance it compensates), or the compensation event subprocess of a completed subprocess, which runs
 * with that subprocess's variables as they were at its end and can compensate the subprocess's own
 * completed activities.
 */
function startHandler(run: Run, scope: ElementInstance, record: CompensableRecord, throwKey: string): void {
  const vars = record.vars ? { vars: { ...record.vars } } : {};
  const start = run.index.eventSubprocessStart[record.handler];
  if (!start) {
    run.create(record.handler, scope.key, { compensating: throwKey, ...vars });
    return;
  }
  const esp = run.create(record.handler, scope.key, { compensating: throwKey, manual: true, ...vars });
  esp.wait = 'scope';
  if (record.inner) esp.compensable = record.inner.map((inner) => ({ ...inner }));
  run.create(start.id, esp.key);
}

/** A compensation handler finished: start the next one, or let the waiting throw event continue. */
export function compensationHandlerCompleted(run: Run, throwKey: string): void {
  const thrower = run.state.els[throwKey];
  if (!thrower || thrower.wait !== 'compensation') return;
  const next = thrower.pendingHandlers?.shift();
  if (next) {
    startHandler(run, run.state.els[thrower.parent as string], next, throwKey);
    return;
  }
  delete thrower.pendingHandlers;
  delete thrower.wait;
  run.complete(thrower);
}
