import type { ElementBehavior } from '../execution/element-behavior';
import { cancelCatch, completeCatch, openSubscription } from './event-subscriptions';

/**
 * Intermediate catch events: message, timer and signal wait for their subscription; a conditional
 * one passes when its condition already holds, else waits for a variable change; link catches pass.
 * The subscription firing ends the wait with its variables; interrupted, the subscription is closed.
 */
export const intermediateCatchEventBehavior: ElementBehavior = {
  activate(run, ei, el) {
    if (ei.trigger) {
      run.complete(ei, Object.keys(ei.trigger).length > 0 ? ei.trigger : undefined);
      return;
    }
    const kind = el.event?.kind ?? 'none';
    if (kind === 'conditional') {
      const holds = run.condition(el.event?.conditionExpression ?? 'false', ei.key);
      if (!holds.ok) {
        run.raiseIncident(ei, 'FEEL_ERROR', `condition of ${el.id}: ${holds.message}`, 'activate');
        return;
      }
      if (holds.value === true) {
        run.complete(ei);
        return;
      }
    }
    if (kind === 'message' || kind === 'timer' || kind === 'signal' || kind === 'conditional') {
      const failure = openSubscription(run, ei, el, true);
      if (failure) run.raiseIncident(ei, failure.type, failure.message, 'activate');
      else ei.wait = 'catch';
      return;
    }
    run.complete(ei);
  },
  complete: completeCatch,
  cancel: cancelCatch,
};
