import { limitDueDate, localDate, endOfLocalDay, workingDaysBetween, type HolidayCalendar } from '../calendar/working-days';
import type { HourUnit } from '../calendar/working-hours';
import { hourClock, type HourWarningTimes } from './hour-clock';

/** A stop of a case's clock (补正, or a 特别程序: expert review, hearing, inspection); `item` null stops every item. */
export interface ClockPause {
  id: string;
  item: string | null;
  kind: string;
  reason: string;
  pausedAt: Date;
  resumedAt: Date | null;
}

/** The warning level of a clock: `yellow` near the end, `red` on its last day, `overdue` after it. */
export type ClockStatus = 'normal' | 'yellow' | 'red' | 'overdue';

/** When a clock turns yellow: at most `fraction` of its time, or `minDays` days (`minHours` hours for an hour limit), left (whichever is more). */
export interface WarningThresholds {
  fraction: number;
  minDays: number;
  minHours: number;
}

export const DEFAULT_THRESHOLDS: WarningThresholds = { fraction: 0.2, minDays: 1, minHours: 1 };

/** What a limit counts: working or natural days, or (秒办/即办) working or wall-clock hours. */
export type LimitUnit = 'working' | 'calendar' | HourUnit;

/** Whether a limit counts hours. */
export function isHourUnit(unit: LimitUnit): unit is HourUnit {
  return unit === 'working-hours' || unit === 'hours';
}

/** The day unit an hour unit's dates count in (working hours: working days). */
export function dayUnitOf(unit: LimitUnit): 'working' | 'calendar' {
  return unit === 'working' || unit === 'working-hours' ? 'working' : 'calendar';
}

/** What a service item's clock counts (`promisedDays` and `legalDays` are hours for an hour unit). */
export interface ItemLimit {
  item: string;
  promisedDays: number;
  legalDays: number;
  unit: LimitUnit;
  /** When the item's work ended; its clock stops then. */
  endedAt?: Date;
}

/** One item's clock at an instant. */
export interface ItemClock {
  item: string;
  unit: LimitUnit;
  promisedDays: number;
  legalDays: number;
  elapsedDays: number;
  pausedDays: number;
  remainingDays: number;
  legalRemainingDays: number;
  dueDate: string;
  legalDueDate: string;
  dueAt: Date;
  legalDueAt: Date;
  paused: boolean;
  running: boolean;
  status: ClockStatus;
  /** An hour limit's hours: elapsed, paused and left, and its warning instants. */
  hours?: { promised: number; legal: number; elapsed: number; paused: number; remaining: number; legalRemaining: number; warnings: HourWarningTimes };
}

function daysBetween(from: string, to: string, unit: 'working' | 'calendar', calendar: HolidayCalendar): number {
  if (to <= from) return 0;
  if (unit === 'working') return workingDaysBetween(from, to, calendar);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The warning level of a clock with `remaining` of `limit` days left on the date `today` against its due date. */
export function clockStatus(today: string, dueDate: string, remaining: number, limit: number, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): ClockStatus {
  if (today > dueDate) return 'overdue';
  if (today === dueDate) return 'red';
  return remaining <= Math.max(thresholds.minDays, limit * thresholds.fraction) ? 'yellow' : 'normal';
}

/**
 * An item's promised and legal clock: counted from the day after acceptance, stopped while a pause
 * of the item or of the whole case runs (a paused day does not count; the limit moves out by the
 * paused days), and stopped for good when the item's work ended.
 */
export function itemClock(acceptedAt: Date, limit: ItemLimit, pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): ItemClock {
  if (isHourUnit(limit.unit)) return itemHourClock(acceptedAt, { ...limit, unit: limit.unit }, pauses, now, calendar, thresholds);
  const stop = limit.endedAt && limit.endedAt < now ? limit.endedAt : now;
  const accepted = localDate(acceptedAt, calendar);
  const end = localDate(stop, calendar);
  const mine = pauses.filter((p) => p.item === null || p.item === limit.item);
  let pausedDays = 0;
  for (const p of mine) {
    const resumed = p.resumedAt && p.resumedAt < stop ? p.resumedAt : stop;
    pausedDays += daysBetween(localDate(p.pausedAt, calendar), localDate(resumed, calendar), limit.unit, calendar);
  }
  const elapsedDays = daysBetween(accepted, end, limit.unit, calendar) - pausedDays;
  const dueDate = limitDueDate(accepted, limit.promisedDays + pausedDays, limit.unit, calendar);
  const legalDueDate = limitDueDate(accepted, limit.legalDays + pausedDays, limit.unit, calendar);
  const remainingDays = limit.promisedDays - elapsedDays;
  return {
    item: limit.item, unit: limit.unit, promisedDays: limit.promisedDays, legalDays: limit.legalDays,
    elapsedDays, pausedDays, remainingDays, legalRemainingDays: limit.legalDays - elapsedDays,
    dueDate, legalDueDate, dueAt: endOfLocalDay(dueDate, calendar), legalDueAt: endOfLocalDay(legalDueDate, calendar),
    paused: mine.some((p) => p.resumedAt === null), running: stop === now,
    // the day of acceptance is not part of the limit: a clock is not yellow on it
    status: end === accepted && dueDate !== accepted ? 'normal' : clockStatus(end, dueDate, remainingDays, limit.promisedDays, thresholds),
  };
}

/** An item's clock in hours, with its dates and whole days beside (the days the hours fall on). */
function itemHourClock(acceptedAt: Date, limit: ItemLimit & { unit: HourUnit }, pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds): ItemClock {
  const c = hourClock(acceptedAt, { item: limit.item, promisedHours: limit.promisedDays, legalHours: limit.legalDays, unit: limit.unit, ...(limit.endedAt ? { endedAt: limit.endedAt } : {}) }, pauses, now, calendar, thresholds);
  const days = dayUnitOf(limit.unit);
  const end = localDate(c.running ? now : limit.endedAt!, calendar);
  const dueDate = localDate(c.dueAt, calendar);
  const legalDueDate = localDate(c.legalDueAt, calendar);
  return {
    item: limit.item, unit: limit.unit, promisedDays: limit.promisedDays, legalDays: limit.legalDays,
    elapsedDays: daysBetween(localDate(acceptedAt, calendar), end, days, calendar), pausedDays: 0,
    remainingDays: daysBetween(end, dueDate, days, calendar), legalRemainingDays: daysBetween(end, legalDueDate, days, calendar),
    dueDate, legalDueDate, dueAt: c.dueAt, legalDueAt: c.legalDueAt, paused: c.paused, running: c.running, status: c.status,
    hours: { promised: c.promisedHours, legal: c.legalHours, elapsed: c.elapsedHours, paused: c.pausedHours, remaining: c.remainingHours, legalRemaining: c.legalRemainingHours, warnings: c.warnings },
  };
}
