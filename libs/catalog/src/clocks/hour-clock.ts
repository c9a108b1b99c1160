import { addHours, hoursBetween, type HourUnit } from '../calendar/working-hours';
import type { HolidayCalendar } from '../calendar/working-days';
import { DEFAULT_THRESHOLDS, type ClockPause, type ClockStatus, type WarningThresholds } from './case-clock';

/** What an hour clock counts: promised and legal hours of an item or a step, from `startedAt`. */
export interface HourLimit {
  item: string;
  promisedHours: number;
  legalHours: number;
  unit: HourUnit;
  /** When the work ended; the clock stops then. */
  endedAt?: Date;
}

/** When an hour clock turns yellow, red (its last hour begins) and overdue (its due instant passed). */
export interface HourWarningTimes {
  yellow: Date;
  red: Date;
  overdue: Date;
}

/** An hour clock at an instant. */
export interface HourClock {
  item: string;
  unit: HourUnit;
  promisedHours: number;
  legalHours: number;
  elapsedHours: number;
  pausedHours: number;
  remainingHours: number;
  legalRemainingHours: number;
  dueAt: Date;
  legalDueAt: Date;
  paused: boolean;
  running: boolean;
  status: ClockStatus;
  warnings: HourWarningTimes;
}

const round = (hours: number) => Math.round(hours * 100) / 100;

/**
 * When a clock of `limitHours` from `startedAt` (already moved out by `pausedHours`) turns yellow —
 * one hour before at most `max(minHours, fraction × limit)` hours are left after the running hour,
 * as a day clock turns yellow the day before its last — red (its last hour) and overdue.
 */
export function hourWarningTimes(startedAt: Date, limitHours: number, pausedHours: number, unit: HourUnit, calendar: HolidayCalendar, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): HourWarningTimes {
  const total = limitHours + pausedHours;
  const threshold = Math.max(thresholds.minHours, limitHours * thresholds.fraction);
  const dueAt = addHours(startedAt, total, unit, calendar);
  return {
    yellow: addHours(startedAt, Math.max(0, total - 1 - threshold), unit, calendar),
    red: addHours(startedAt, Math.max(0, total - 1), unit, calendar),
    overdue: new Date(dueAt.getTime() + 1),
  };
}

/** The level of an hour clock with these warning times at `now`. */
export function hourLevelAt(times: HourWarningTimes, now: Date): ClockStatus {
  if (now >= times.overdue) return 'overdue';
  if (now >= times.red) return 'red';
  return now >= times.yellow ? 'yellow' : 'normal';
}

/**
 * An item's or a step's promised and legal clock in hours, counted from `startedAt`: working hours
 * inside the daily window, or wall-clock hours. A pause of the item or of the whole case stops it
 * (the hours it ran move the due instants out); the end of the work stops it for good.
 */
export function hourClock(startedAt: Date, limit: HourLimit, pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): HourClock {
  const stop = limit.endedAt && limit.endedAt < now ? limit.endedAt : now;
  const mine = pauses.filter((p) => (p.item === null || p.item === limit.item) && p.pausedAt < stop);
  let pausedHours = 0;
  for (const p of mine) {
    const from = p.pausedAt < startedAt ? startedAt : p.pausedAt;
    const resumed = p.resumedAt && p.resumedAt < stop ? p.resumedAt : stop;
    if (resumed > from) pausedHours += hoursBetween(from, resumed, limit.unit, calendar);
  }
  const elapsedHours = Math.max(0, hoursBetween(startedAt, stop, limit.unit, calendar) - pausedHours);
  const dueAt = addHours(startedAt, limit.promisedHours + pausedHours, limit.unit, calendar);
  const legalDueAt = addHours(startedAt, limit.legalHours + pausedHours, limit.unit, calendar);
  const warnings = hourWarningTimes(startedAt, limit.promisedHours, pausedHours, limit.unit, calendar, thresholds);
  return {
    item: limit.item, unit: limit.unit, promisedHours: limit.promisedHours, legalHours: limit.legalHours,
    elapsedHours: round(elapsedHours), pausedHours: round(pausedHours),
    remainingHours: round(limit.promisedHours - elapsedHours), legalRemainingHours: round(limit.legalHours - elapsedHours),
    dueAt, legalDueAt, paused: mine.some((p) => p.resumedAt === null), running: stop === now,
    status: hourLevelAt(warnings, stop), warnings,
  };
}
