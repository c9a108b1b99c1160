import type { Variables } from '../engine.types';
import type { ElementBehavior } from '../execution/element-behavior';
import { multiInstanceVariableNames } from './multi-instance.behavior';

/**
 * Call activity: asks the runtime to start the called process (`call.started`) with the parent's
 * variables (or only its inputs) and waits. `completeCall` ends it: the child's variables come back
 * unless propagateAllChildVariables is false (then only the outputs), never over the bookkeeping of
 * a multi-instance body. A child's error or escalation is thrown from here (see engine.ts); interrupted
 * or terminated, the call is withdrawn (the runtime cancels the child).
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

  complete(run, ei, el, variables) {
    const propagateAll = el.calledElement?.propagateAllChildVariables !== false;
    const result: Variables = { ...(variables ?? {}) };
    if (ei.inner && el.multiInstance) for (const name of multiInstanceVariableNames(el.multiInstance)) delete result[name];
    delete ei.wait;
    run.complete(ei, result, { local: !propagateAll });
  },

  cancel(run, ei) {
    if (ei.wait === 'call') run.emit({ type: 'call.cancelled', key: ei.key, elementId: ei.el });
  },
};
