import type { ElementDef } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';
import { isSubscribable, openSubscription, type SubscriptionFailure } from './event-subscriptions';

/**
 * Boundary events (timer, message, signal, conditional, error, escalation, compensation), over their
 * whole life: subscribed when their activity is activated (`openBoundarySubscriptions`), closed with
 * it when it leaves or ends (its `subs`), triggered by their subscription or by a thrown error or
 * escalation (`triggerBoundary`: an interrupting one ends the activity), then the token leaves at
 * once with the variables it was triggered with. A compensation boundary event only links its
 * handler (see compensation/).
 */
export const boundaryEventBehavior: ElementBehavior = {
  activate(run, ei) {
    run.complete(ei, ei.trigger && Object.keys(ei.trigger).length > 0 ? ei.trigger : undefined);
  },
};

/** Opens the subscriptions of the boundary events attached to an activity instance. */
export function openBoundarySubscriptions(run: Run, ei: ElementInstance): SubscriptionFailure | undefined {
  for (const boundary of run.index.boundaries[ei.el] ?? []) {
    if (!isSubscribable(boundary)) continue;
    const failure = openSubscription(run, ei, boundary);
    if (failure) {
      run.closeSubscriptions(ei);
      return failure;
    }
  }
  return undefined;
}

/** Activates a boundary event of an activity instance; an interrupting one ends the activity first. */
export function triggerBoundary(run: Run, activity: ElementInstance, boundary: ElementDef, vars: Variables): void {
  run.create(boundary.id, activity.parent as string, { trigger: vars });
  if (boundary.interrupting !== false) run.terminate(activity);
}
