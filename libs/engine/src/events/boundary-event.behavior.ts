import type { ElementBehavior } from '../execution/element-behavior';

/**
 * Boundary events once triggered (timer, message, signal, error, escalation, conditional): the token
 * leaves at once with the variables it was triggered with. Subscriptions and interruption are done by
 * `event-trigger.ts` and `throw-propagation.ts`.
 */
export const boundaryEventBehavior: ElementBehavior = {
  activate(run, ei) {
    run.complete(ei, ei.trigger && Object.keys(ei.trigger).length > 0 ? ei.trigger : undefined);
  },
};
