import type { Variables } from '../engine.types';
import type { Subscription } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { triggerEventSubprocess } from '../activities/event-sub-process.behavior';
import { eventGatewayTriggered } from '../gateways/event-based-gateway.behavior';
import { rearmTimer } from './timer-event.definition';
import { triggerBoundary } from './boundary-event.behavior';

/**
 * A subscription fired (timer due, message correlated, signal received, condition became true).
 * Routes it by who subscribed: a waiting catch event or receive task, an event-based gateway, a
 * boundary event of an activity, or an event subprocess start of a scope.
 */
export function triggerSubscription(run: Run, sub: Subscription, vars: Variables): void {
  const owner = run.state.els[sub.owner];
  const el = run.element(sub.el);
  if (sub.key === sub.owner) {
    run.hooks.waitEnded(run, owner, vars);
    return;
  }
  if (run.model.elements[owner.el]?.type === 'eventBasedGateway') {
    eventGatewayTriggered(run, owner, sub, vars);
    return;
  }
  const interrupting = el.interrupting !== false;
  if (interrupting) {
    delete run.state.subs[sub.key];
    if (owner.subs) owner.subs = owner.subs.filter((k) => k !== sub.key);
  } else {
    if (sub.kind === 'timer') rearmTimer(run, sub);
  }
  if (el.type === 'boundaryEvent') triggerBoundary(run, owner, el, vars);
  else triggerEventSubprocess(run, owner, el, vars);
}
