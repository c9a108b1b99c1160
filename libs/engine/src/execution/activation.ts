import type { ElementDef } from '@tongban/bpmn';
import { multiInstanceBehavior } from '../activities/multi-instance.behavior';
import { openBoundarySubscriptions } from '../events/boundary-event.behavior';
import { applyInputs } from '../variables/io-mappings';
import { behaviorOf } from './behavior-registry';
import type { ElementInstance } from './engine-state';
import { isActivity } from './model-index';
import type { Run } from './run';

/**
 * Activating an element instance, in order: the asyncBefore commit point, the multi-instance body,
 * input mappings, boundary-event subscriptions, then the element's own behaviour.
 */
export function activateElement(run: Run, ei: ElementInstance, el: ElementDef): void {
  if (el.asyncBefore && !ei.inner && !ei.cont) {
    ei.cont = 'before';
    ei.wait = 'continuation';
    run.emit({ type: 'continuation', key: ei.key, elementId: el.id });
    return;
  }
  delete ei.wait;
  const activity = isActivity(el);
  if (activity && el.multiInstance && !ei.inner) {
    if (!openBoundaries(run, ei)) return;
    multiInstanceBehavior.activate(run, ei, el);
    return;
  }
  if (el.inputs && el.inputs.length > 0) {
    const failure = applyInputs(run, ei, el);
    if (failure) {
      run.raiseIncident(ei, 'FEEL_ERROR', failure, 'activate');
      return;
    }
  }
  if (activity && !ei.inner && !openBoundaries(run, ei)) return;
  behaviorOf(el).activate(run, ei, el);
}

function openBoundaries(run: Run, ei: ElementInstance): boolean {
  if (ei.compensating) return true;
  const failure = openBoundarySubscriptions(run, ei);
  if (failure) run.raiseIncident(ei, failure.type, failure.message, 'activate');
  return !failure;
}
