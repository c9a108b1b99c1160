import type { ElementDef } from '@tongban/bpmn';
import type { ElementInstance, Subscription } from '../execution/engine-state';
import type { Run } from '../execution/run';
import type { SubscriptionFailure } from './event-subscriptions';

/** Signal events: `signal.subscribed` by signal name; a non-interrupting subscription stays open. */
export function subscribeSignal(run: Run, owner: ElementInstance, el: ElementDef, sub: Subscription): SubscriptionFailure | undefined {
  const name = run.textValue(el.event?.signalName ?? el.id, owner.key);
  if (!name.ok) return { type: 'FEEL_ERROR', message: `signal name of ${el.id}: ${name.message}` };
  run.emit({ type: 'signal.subscribed', key: sub.key, elementId: el.id, signalName: String(name.value) });
  return undefined;
}
