import type { Variables } from '../engine.types';
import type { ElementBehavior } from '../execution/element-behavior';

/**
 * Call activity: asks the runtime to start the called process (`call.started`) and waits for
 * `completeCall`; the child's variables come back unless propagateAllChildVariables is false.
 */
export const callActivityBehavior: ElementBehavior = {
  activate(run, ei, el) {
    const called = el.calledElement;
    if (!called) {
      run.raiseIncident(ei, 'CALLED_PROCESS_NOT_FOUND', `call activity ${el.id} names no process`, 'activate');
      return;
    }
    const processId = run.textValue(called.processId, ei.key);
    if (!processId.ok || typeof processId.value !== 'string') {
      run.raiseIncident(ei, 'FEEL_ERROR', `called process of ${el.id}: ${processId.ok ? 'not a text' : processId.message}`, 'activate');
      return;
    }
    let variables: Variables = {};
    if (el.inputs && el.inputs.length > 0) variables = { ...(ei.vars ?? {}) };
    else if (called.propagateAllParentVariables !== false) variables = run.variables(ei.key);
    ei.wait = 'call';
    run.emit({
      type: 'call.started', key: ei.key, elementId: el.id, processId: processId.value,
      ...(called.version !== undefined ? { version: called.version } : {}), variables,
    });
  },
};
