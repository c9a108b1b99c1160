import type { ElementDef } from '@tongban/bpmn';
import type { IncidentType, Variables } from '../engine.types';
import type { ElementInstance, Subscription } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { subscribeMessage } from './message-event.definition';
import { subscribeSignal } from './signal-event.definition';
import { subscribeTimer } from './timer-event.definition';

/** Why a subscription could not be opened. */
export interface SubscriptionFailure {
  type: IncidentType;
  message: string;
}

/** Event kinds that wait for something from outside (or for a condition) and so need a subscription. */
export function isSubscribable(el: ElementDef | undefined): boolean {
  const kind = el?.event?.kind ?? (el?.type === 'receiveTask' ? 'message' : undefined);
  return kind === 'timer' || kind === 'message' || kind === 'signal' || kind === 'conditional';
}

type Subscribe = (run: Run, owner: ElementInstance, el: ElementDef, sub: Subscription) => SubscriptionFailure | undefined;

/** How each kind of event subscribes. */
const SUBSCRIBE: Record<Subscription['kind'], Subscribe> = {
  timer: subscribeTimer,
  message: subscribeMessage,
  signal: subscribeSignal,
  conditional: () => undefined,
};

/**
 * Opens the subscription of an event element on behalf of `owner`; expressions are evaluated in the
 * owner's scope. `ownKey` makes the owner's own key the subscription key (a catch event waiting itself).
 */
export function openSubscription(run: Run, owner: ElementInstance, el: ElementDef, ownKey = false): SubscriptionFailure | undefined {
  const kind = el.event?.kind ?? (el.type === 'receiveTask' ? 'message' : undefined);
  if (kind !== 'timer' && kind !== 'message' && kind !== 'signal' && kind !== 'conditional') return undefined;
  const key = ownKey ? owner.key : run.newKey();
  const sub: Subscription = { key, el: el.id, owner: owner.key, kind };
  const failure = SUBSCRIBE[kind](run, owner, el, sub);
  if (failure) return failure;
  run.state.subs[key] = sub;
  if (!ownKey) (owner.subs ??= []).push(key);
  return undefined;
}

/** A catch event or receive task waiting on its own subscription got it: it leaves with the variables. */
export function completeCatch(run: Run, ei: ElementInstance, _el: ElementDef, variables: Variables | undefined): void {
  delete run.state.subs[ei.key];
  delete ei.wait;
  run.complete(ei, variables && Object.keys(variables).length > 0 ? variables : undefined);
}

/** A catch event or receive task is interrupted or terminated: its own subscription is closed. */
export function cancelCatch(run: Run, ei: ElementInstance): void {
  run.closeSubscription(ei.key);
}
