import { endOfLocalDay, localDate, workingDaysBetween, type HolidayCalendar } from '../calendar/working-days';
import { DEFAULT_THRESHOLDS, dayUnitOf, itemClock, type ClockPause, type LimitUnit, type ClockStatus, type ItemLimit, type WarningThresholds } from './case-clock';

/** What a user task's clock counts: its item's limits from the case's acceptance, its own step limit from its creation, or a fixed due instant. */
export interface TaskClockInput {
  startedAt: Date;
  /** The case's acceptance and the task's item limits (a bundle step). */
  acceptedAt?: Date;
  item?: Omit<ItemLimit, 'endedAt'>;
  /** `tongban:timeLimitDays` (or `tongban:timeLimitHours`, `days` then counting hours) of the step, counted from the task's creation. */
  step?: { days: number; unit: LimitUnit };
  /** `zeebe:taskSchedule` dueDate: a fixed instant, not moved by pauses. */
  scheduledDueAt?: Date;
  endedAt?: Date;
}

/** When a clock turns yellow, red (its last day begins) and overdue (its last day ended). */
export interface WarningTimes {
  yellow: Date;
  red: Date;
  overdue: Date;
}

/** A user task's clock at an instant. */
export interface TaskClockValue {
  dueAt: Date | null;
  legalDueAt: Date | null;
  dueDate: string | null;
  /** The limit: days, or hours for an hour unit. */
  limitDays: number | null;
  unit: LimitUnit | null;
  /** Working (or natural) days left until the due date; negative when overdue. */
  remainingDays: number | null;
  /** Working (or wall-clock) hours left of an hour limit; negative when overdue. */
  remainingHours?: number;
  pausedDays: number;
  paused: boolean;
  status: ClockStatus;
  warnings: WarningTimes | null;
}

export const WARNING_LEVELS = ['yellow', 'red', 'overdue'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function startOfLocalDay(date: string, calendar: HolidayCalendar): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - calendar.utcOffsetMinutes * 60_000);
}

function daysBetween(from: string, to: string, unit: 'working' | 'calendar', calendar: HolidayCalendar): number {
  if (to <= from) return -(unit === 'working' ? workingDaysBetween(to, from, calendar) : Math.round((Date.parse(from) - Date.parse(to)) / DAY_MS));
  return unit === 'working' ? workingDaysBetween(from, to, calendar) : Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/**
 * When a clock due on the local date `dueDate` with a limit of `limitDays` turns yellow (the first
 * day from which at most `max(minDays, fraction × limit)` days remain, and not on the day it
 * started), red (its last day begins) and overdue (its last day ended).
 */
export function warningTimes(startDate: string, dueDate: string, limitDays: number, unit: 'working' | 'calendar', calendar: HolidayCalendar, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): WarningTimes {
  const threshold = Math.max(thresholds.minDays, limitDays * thresholds.fraction);
  let yellow = dueDate;
  // the day the clock starts is not part of the limit: a clock is never yellow on it
  while (addDays(yellow, -1) > startDate && daysBetween(addDays(yellow, -1), dueDate, unit, calendar) <= threshold) yellow = addDays(yellow, -1);
  return { yellow: startOfLocalDay(yellow, calendar), red: startOfLocalDay(dueDate, calendar), overdue: new Date(endOfLocalDay(dueDate, calendar).getTime() + 1) };
}

/** The level a clock with these warning times is at on `now`. */
export function levelAt(times: WarningTimes | null, now: Date): ClockStatus {
  if (!times) return 'normal';
  if (now >= times.overdue) return 'overdue';
  if (now >= times.red) return 'red';
  return now >= times.yellow ? 'yellow' : 'normal';
}

/** Pauses seen from a clock that started at `startedAt`: those that ended before it do not count, those that began before it count from it. */
function pausesSince(pauses: ClockPause[], startedAt: Date): ClockPause[] {
  return pauses.filter((p) => !p.resumedAt || p.resumedAt > startedAt).map((p) => (p.pausedAt < startedAt ? { ...p, pausedAt: startedAt } : p));
}

/**
 * A user task's promised (`dueAt`) and legal (`legalDueAt`) clock. The promised one is the fixed
 * `zeebe:taskSchedule` due date when the model gives one, else the step's own limit
 * (`tongban:timeLimitDays`, from the task's creation, with its item's legal days from then too),
 * else its item's promised and legal limits from the case's acceptance. Pauses of the item or of
 * the case move both.
 */
export function taskClock(input: TaskClockInput, pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): TaskClockValue {
  const ended = input.endedAt ? { endedAt: input.endedAt } : {};
  // a step with its own limit starts its item's clocks when it starts (a later step of a sequence
  // gets its days from when the case reaches it); otherwise the item's clocks run from acceptance
  const stepC = input.step
    ? itemClock(input.startedAt, {
      item: input.item?.item ?? '', promisedDays: input.step.days, legalDays: input.item?.unit === input.step.unit ? Math.max(input.step.days, input.item.legalDays) : input.step.days, unit: input.step.unit, ...ended,
    }, pausesSince(pauses, input.startedAt), now, calendar, thresholds)
    : undefined;
  const itemC = !stepC && input.item && input.acceptedAt ? itemClock(input.acceptedAt, { ...input.item, ...ended }, pauses, now, calendar, thresholds) : undefined;
  const stop = input.endedAt && input.endedAt < now ? input.endedAt : now;
  const today = localDate(stop, calendar);
  const legalDueAt = stepC?.legalDueAt ?? itemC?.legalDueAt ?? input.scheduledDueAt ?? null;
  if (input.scheduledDueAt) {
    const dueDate = localDate(input.scheduledDueAt, calendar);
    const startDate = localDate(input.startedAt, calendar);
    const limitDays = Math.max(0, daysBetween(startDate, dueDate, 'working', calendar));
    const warnings = warningTimes(startDate, dueDate, limitDays, 'working', calendar, thresholds);
    warnings.overdue = new Date(input.scheduledDueAt.getTime() + 1);
    if (warnings.red > input.scheduledDueAt) warnings.red = input.scheduledDueAt;
    return {
      dueAt: input.scheduledDueAt, legalDueAt, dueDate, limitDays, unit: 'working', remainingDays: daysBetween(today, dueDate, 'working', calendar),
      pausedDays: 0, paused: false, status: levelAt(warnings, stop), warnings,
    };
  }
  const chosen = stepC ?? itemC;
  if (!chosen) return { dueAt: null, legalDueAt, dueDate: null, limitDays: null, unit: null, remainingDays: null, pausedDays: 0, paused: false, status: 'normal', warnings: null };
  const startDate = localDate(chosen === stepC ? input.startedAt : input.acceptedAt!, calendar);
  const warnings = chosen.hours?.warnings ?? warningTimes(startDate, chosen.dueDate, chosen.promisedDays, dayUnitOf(chosen.unit), calendar, thresholds);
  return {
    dueAt: chosen.dueAt, legalDueAt, dueDate: chosen.dueDate, limitDays: chosen.promisedDays, unit: chosen.unit,
    remainingDays: daysBetween(today, chosen.dueDate, dayUnitOf(chosen.unit), calendar), pausedDays: chosen.pausedDays, paused: chosen.paused,
    ...(chosen.hours ? { remainingHours: chosen.hours.remaining } : {}),
    status: levelAt(warnings, stop), warnings,
  };
}
