import type { Variables } from '../engine.types';
import type { ElementInstance, Subscription } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';
import { openSubscription } from '../events/event-subscriptions';

/**
 * Event-based gateway: subscribes to the events after it (message, timer, signal, conditional catch
 * events and receive tasks); the first that occurs wins and the other subscriptions are withdrawn.
 */
export const eventBasedGatewayBehavior: ElementBehavior = {
  activate(run, ei, el) {
    for (const flowId of el.outgoing) {
      const target = run.model.elements[run.model.flows[flowId].target];
      const failure = openSubscription(run, ei, target);
      if (failure) {
        run.raiseIncident(ei, failure.type, failure.message, 'activate');
        return;
      }
    }
    ei.wait = 'gateway';
  },
};

/** One event after the gateway occurred: withdraw the others and continue through that event. */
export function eventGatewayTriggered(run: Run, gateway: ElementInstance, sub: Subscription, vars: Variables): void {
  const el = run.element(gateway.el);
  const flow = el.outgoing.find((f) => run.model.flows[f].target === sub.el) as string;
  run.closeSubscriptions(gateway);
  delete gateway.wait;
  run.history('element.left', gateway.el, gateway.key);
  delete run.state.els[gateway.key];
  run.history('flow.taken', flow);
  run.create(sub.el, gateway.parent as string, { trigger: vars });
}
