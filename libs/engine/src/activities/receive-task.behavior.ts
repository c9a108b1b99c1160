import type { ElementBehavior } from '../execution/element-behavior';
import { cancelCatch, completeCatch, openSubscription } from '../events/event-subscriptions';

/**
 * Receive task: subscribes to its message and waits (or passes at once when an event-based gateway
 * already caught it); the correlated message ends it, its variables merging into the instance.
 * Without a message it is a plain wait state, left by a `triggerElement` command (Camunda 7's
 * `signal`). Interrupted or terminated, the subscription (if any) is closed.
 */
export const receiveTaskBehavior: ElementBehavior = {
  activate(run, ei, el) {
    if (ei.trigger) {
      run.complete(ei, ei.trigger);
      return;
    }
    if (el.event === undefined) {
      ei.wait = 'trigger';
      return;
    }
    const failure = openSubscription(run, ei, el, true);
    if (failure) run.raiseIncident(ei, failure.type, failure.message, 'activate');
    else ei.wait = 'catch';
  },
  complete: completeCatch,
  cancel: cancelCatch,
};
