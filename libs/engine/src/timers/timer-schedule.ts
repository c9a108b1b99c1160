import type { TimerDef } from '@tongban/bpmn';
import { addDuration, parseIsoDateTime, parseIsoDuration } from './iso-duration';

/** When a timer fires first and, for a cycle, how it repeats. */
export interface TimerSchedule {
  dueAt: number;
  intervalMs?: number;
  /** Repetitions left after the first firing; -1 = unbounded. */
  repetitionsLeft?: number;
}

export type ScheduleResult = { ok: true; schedule: TimerSchedule } | { ok: false; message: string };

/** Computes the schedule of a timer definition whose expression has already been evaluated to `text`. */
export function scheduleTimer(def: TimerDef, text: string, now: number, minCycleMs: number): ScheduleResult {
  if (def.type === 'duration') {
    const duration = parseIsoDuration(text);
    return duration ? { ok: true, schedule: { dueAt: addDuration(now, duration) } } : invalid(`'${text}' is not an ISO 8601 duration`);
  }
  if (def.type === 'date') {
    const at = parseIsoDateTime(text);
    return at === undefined ? invalid(`'${text}' is not an ISO 8601 date-time`) : { ok: true, schedule: { dueAt: at } };
  }
  return scheduleCycle(text, now, minCycleMs);
}

function scheduleCycle(text: string, now: number, minCycleMs: number): ScheduleResult {
  const parts = text.trim().split('/');
  const repeat = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!repeat || parts.length < 2 || parts.length > 3) return invalid(`'${text}' is not an ISO 8601 repeating interval (R5/PT1H)`);
  const duration = parseIsoDuration(parts[parts.length - 1]);
  if (!duration) return invalid(`'${text}' has no valid duration`);
  const start = parts.length === 3 ? parseIsoDateTime(parts[1]) : undefined;
  if (parts.length === 3 && start === undefined) return invalid(`'${text}' has no valid start date-time`);
  const base = start ?? now;
  const intervalMs = addDuration(base, duration) - base;
  if (intervalMs < minCycleMs) return invalid(`cycle '${text}' repeats every ${intervalMs} ms, below the minimum of ${minCycleMs} ms`);
  const count = repeat[1] === '' ? -1 : Number(repeat[1]);
  if (count === 0) return invalid(`cycle '${text}' repeats zero times`);
  const dueAt = start ?? now + intervalMs;
  return { ok: true, schedule: { dueAt, intervalMs, repetitionsLeft: count === -1 ? -1 : count - 1 } };
}

function invalid(message: string): ScheduleResult {
  return { ok: false, message };
}
