import type { ElementBehavior } from '../execution/element-behavior';
import { throwCompensation } from '../compensation/compensation-throw';
import { throwBpmnError } from './throw-propagation';
import { cancelJob, completeJobWait } from '../activities/service-task.behavior';
import { throwEventEffects } from './throw-event-effects';

/**
 * End events: none consumes the token; terminate ends every token of the scope; error, escalation,
 * signal, message and compensation throw first (an error end never completes normally). An end
 * event declaring `tongban:outcome` records it as the instance's outcome (the last one reached wins).
 */
export const endEventBehavior: ElementBehavior = {
  activate(run, ei, el) {
    if (el.tongban?.outcome) run.state.outcome = el.tongban.outcome;
    const kind = el.event?.kind ?? 'none';
    if (kind === 'terminate') {
      const scope = run.state.els[ei.parent as string];
      run.history('element.left', ei.el, ei.key);
      delete run.state.els[ei.key];
      if (scope.key === run.state.rootKey) {
        run.finish('completed');
        return;
      }
      run.terminateChildren(scope);
      run.checkScope(scope.key);
      return;
    }
    if (kind === 'error') {
      const code = el.event?.code ?? '';
      if (!throwBpmnError(run, ei, code, undefined, {})) {
        run.raiseIncident(ei, 'UNHANDLED_ERROR', `error '${code}' thrown by ${el.id} is not caught`, 'activate');
      }
      return;
    }
    if (kind === 'compensate') {
      throwCompensation(run, ei, el);
      return;
    }
    if (!throwEventEffects(run, ei, el)) return;
    if (run.state.els[ei.key]) run.complete(ei);
  },
  /** A message end event with a job type waits for its job. */
  complete: completeJobWait,
  cancel: cancelJob,
};
