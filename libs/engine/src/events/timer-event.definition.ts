import type { ElementDef } from '@tongban/bpmn';
import type { ElementInstance, Subscription } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { scheduleTimer } from '../timers/timer-schedule';
import type { SubscriptionFailure } from './event-subscriptions';

const DEFAULT_MIN_CYCLE_MS = 60_000;

/**
 * Timer events (catch, boundary, event-subprocess start, after an event-based gateway): schedules
 * `timer.scheduled` from an ISO 8601 duration, date or cycle (or a FEEL expression giving one);
 * a non-interrupting cycle re-arms after each firing until its repetitions are used.
 */
export function subscribeTimer(run: Run, owner: ElementInstance, el: ElementDef, sub: Subscription): SubscriptionFailure | undefined {
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

/** After a non-interrupting timer fired: schedule the next repetition, or forget the timer. */
export function rearmTimer(run: Run, sub: Subscription): void {
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
