import type { ElementBehavior } from '../execution/element-behavior';
import { openSubscription } from '../events/event-subscriptions';

/**
 * Receive task: waits for its message; the correlated variables merge into the instance. Without a
 * message it is a plain wait state, left by a `triggerElement` command (Camunda 7's `signal`).
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
};
