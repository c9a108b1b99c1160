import type { ElementDef } from '@tongban/bpmn';
import type { IncidentType } from '../engine.types';
import type { ElementInstance, Subscription } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { scheduleTimer } from '../timers/timer-schedule';

const DEFAULT_MIN_CYCLE_MS = 60_000;

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

/**
 * Opens the subscription of an event element on behalf of `owner`; expressions are evaluated in the
 * owner's scope. `ownKey` makes the owner's own key the subscription key (a catch event waiting itself).
 */
export function openSubscription(run: Run, owner: ElementInstance, el: ElementDef, ownKey = false): SubscriptionFailure | undefined {
  const event = el.event ?? (el.type === 'receiveTask' ? { kind: 'message' as const } : undefined);
  if (!event) return undefined;
  const key = ownKey ? owner.key : run.newKey();
  const sub: Subscription = { key, el: el.id, owner: owner.key, kind: event.kind as Subscription['kind'] };
  if (event.kind === 'timer') {
    const failure = openTimer(run, owner, el, sub);
    if (failure) return failure;
  } else if (event.kind === 'message') {
    const name = run.textValue(event.messageName ?? el.name ?? el.id, owner.key);
    if (!name.ok) return { type: 'FEEL_ERROR', message: `message name of ${el.id}: ${name.message}` };
    let correlationKey: string | undefined;
    if (event.correlationKey) {
      const result = run.evaluate(event.correlationKey, owner.key);
      if (!result.ok) return { type: 'FEEL_ERROR', message: `correlation key of ${el.id}: ${result.message}` };
      correlationKey = result.value === null ? undefined : String(result.value);
    }
    run.emit({ type: 'message.subscribed', key, elementId: el.id, messageName: String(name.value), ...(correlationKey !== undefined ? { correlationKey } : {}) });
  } else if (event.kind === 'signal') {
    const name = run.textValue(event.signalName ?? el.id, owner.key);
    if (!name.ok) return { type: 'FEEL_ERROR', message: `signal name of ${el.id}: ${name.message}` };
    run.emit({ type: 'signal.subscribed', key, elementId: el.id, signalName: String(name.value) });
  } else if (event.kind !== 'conditional') {
    return undefined;
  }
  run.state.subs[key] = sub;
  if (!ownKey) (owner.subs ??= []).push(key);
  return undefined;
}

function openTimer(run: Run, owner: ElementInstance, el: ElementDef, sub: Subscription): SubscriptionFailure | undefined {
  const timer = el.event?.timer;
  if (!timer) return { type: 'INVALID_TIMER', message: `timer ${el.id} has no definition` };
  const text = run.textValue(timer.expression, owner.key);
  if (!text.ok) return { type: 'FEEL_ERROR', message: `timer of ${el.id}: ${text.message}` };
  const result = scheduleTimer(timer, String(text.value), run.ctx.now, run.ctx.minTimerCycleMs ?? DEFAULT_MIN_CYCLE_MS);
  if (!result.ok) return { type: 'INVALID_TIMER', message: `timer of ${el.id}: ${result.message}` };
  Object.assign(sub, result.schedule);
  run.emit({
    type: 'timer.scheduled', key: sub.key, elementId: el.id, dueAt: result.schedule.dueAt,
    ...(result.schedule.repetitionsLeft !== undefined ? { repetitionsLeft: result.schedule.repetitionsLeft } : {}),
  });
  return undefined;
}

/** Re-arms a cycle timer after it fired; closes it when no repetitions are left. */
export function rearmOrClose(run: Run, sub: Subscription): void {
  if (sub.kind !== 'timer') return;
  if (sub.intervalMs === undefined || sub.repetitionsLeft === undefined || sub.repetitionsLeft === 0) {
    const owner = run.state.els[sub.owner];
    delete run.state.subs[sub.key];
    if (owner?.subs) owner.subs = owner.subs.filter((k) => k !== sub.key);
    return;
  }
  sub.dueAt = (sub.dueAt ?? run.ctx.now) + sub.intervalMs;
  if (sub.repetitionsLeft > 0) sub.repetitionsLeft--;
  run.emit({ type: 'timer.scheduled', key: sub.key, elementId: sub.el, dueAt: sub.dueAt, repetitionsLeft: sub.repetitionsLeft });
}

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
