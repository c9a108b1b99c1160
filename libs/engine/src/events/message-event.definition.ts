import type { ElementDef } from '@tongban/bpmn';
import type { ElementInstance, Subscription } from '../execution/engine-state';
import type { Run } from '../execution/run';
import type { SubscriptionFailure } from './event-subscriptions';

/**
 * Message events and receive tasks: `message.subscribed` with the message name (FEEL when it starts
 * with `=`) and the correlation key evaluated in the owner's scope. A non-interrupting subscription
 * stays open and can be correlated again.
 */
export function subscribeMessage(run: Run, owner: ElementInstance, el: ElementDef, sub: Subscription): SubscriptionFailure | undefined {
  const event = el.event;
  const name = run.textValue(event?.messageName ?? el.name ?? el.id, owner.key);
  if (!name.ok) return { type: 'FEEL_ERROR', message: `message name of ${el.id}: ${name.message}` };
  let correlationKey: string | undefined;
  if (event?.correlationKey) {
    const result = run.evaluate(event.correlationKey, owner.key);
    if (!result.ok) return { type: 'FEEL_ERROR', message: `correlation key of ${el.id}: ${result.message}` };
    correlationKey = result.value === null ? undefined : String(result.value);
  }
  run.emit({
    type: 'message.subscribed', key: sub.key, elementId: el.id, messageName: String(name.value),
    ...(correlationKey !== undefined ? { correlationKey } : {}),
  });
  return undefined;
}
