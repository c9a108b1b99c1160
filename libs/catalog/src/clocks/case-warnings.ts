import { CatalogError } from '../catalog.errors';
import { localDate, type HolidayCalendar } from '../calendar/working-days';
import { DEFAULT_THRESHOLDS, dayUnitOf, itemClock, type ClockPause, type ItemClock, type ItemLimit, type WarningThresholds } from './case-clock';
import { warningTimes, WARNING_LEVELS, type WarningLevel } from './task-clock';

/** The clock of the case itself in a plan: its worst running item's level, its earliest transitions. */
export const CASE_SCOPE = '';

/** When one clock (an item's, or the case's: `item` '') reaches one level: at `at`, held while paused, never once ended. */
export interface ClockWarningTarget {
  item: string;
  level: WarningLevel;
  at: Date | null;
  state: 'due' | 'held' | 'ended';
}

/** A clock of a case left out of its plan: its limit reaches a year the calendar does not know yet. */
export interface UncountedClock {
  item: string;
  /** The level left out of the case's clock (`item` ''); an item's clock is left out whole. */
  level?: WarningLevel;
  year: number;
  problem: string;
}

/** A case's warnings, and the clocks that could not be counted (planned once their year's calendar is entered). */
export interface CaseWarningPlan {
  targets: ClockWarningTarget[];
  uncounted: UncountedClock[];
}

/**
 * An item's clock for its warnings, which follow its promised limit: a legal limit that reaches a
 * year the calendar does not know leaves the promised one standing; a promised one that does
 * cannot be counted (`CALENDAR_YEAR_UNKNOWN` is returned, any other error thrown).
 */
function promisedClock(acceptedAt: Date, limit: ItemLimit, pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds): ItemClock | CatalogError {
  const count = (legal: boolean) => itemClock(acceptedAt, legal ? limit : { ...limit, legalDays: limit.promisedDays }, pauses, now, calendar, thresholds);
  try {
    return count(true);
  } catch (error) {
    if (!unknownYear(error)) throw error;
    try {
      return count(false);
    } catch (promised) {
      if (!unknownYear(promised)) throw promised;
      return promised;
    }
  }
}

function unknownYear(error: unknown): error is CatalogError {
  return error instanceof CatalogError && error.code === 'CALENDAR_YEAR_UNKNOWN';
}

/**
 * The warnings of a case's item clocks and of the case's own: each item turns yellow, red and
 * overdue at the times its promised limit gives (the task clocks' rule, the same thresholds), held
 * while paused, never once its work ended; the case reaches a level when its first running item does.
 * An item whose promised limit reaches a year the calendar does not know is left out (`uncounted`),
 * and so is a level of the case that such an item might reach first: red and overdue come no earlier
 * than that year's first day begins, a yellow cannot be bounded.
 */
export function caseWarningPlan(acceptedAt: Date, limits: ItemLimit[], pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): CaseWarningPlan {
  const start = localDate(acceptedAt, calendar);
  const targets: ClockWarningTarget[] = [];
  const uncounted: UncountedClock[] = [];
  for (const limit of limits) {
    const clock = promisedClock(acceptedAt, limit, pauses, now, calendar, thresholds);
    if (clock instanceof CatalogError) {
      uncounted.push({ item: limit.item, year: Number(clock.details.year), problem: clock.message });
      continue;
    }
    const times = clock.hours?.warnings ?? warningTimes(start, clock.dueDate, clock.promisedDays, dayUnitOf(clock.unit), calendar, thresholds);
    for (const level of WARNING_LEVELS) {
      const state = !clock.running ? 'ended' : clock.paused ? 'held' : 'due';
      targets.push({ item: limit.item, level, at: state === 'due' ? times[level] : null, state });
    }
  }
  // the earliest instant an uncounted item can reach red or overdue: the first day of the first year not known
  const firstUnknown = uncounted.length === 0 ? null : Math.min(...uncounted.map((u) => Date.parse(`${u.year}-01-01T00:00:00Z`) - calendar.utcOffsetMinutes * 60_000));
  for (const level of WARNING_LEVELS) {
    const mine = targets.filter((t) => t.item !== CASE_SCOPE && t.level === level);
    const due = mine.filter((t) => t.state === 'due').map((t) => t.at!.getTime());
    const state = due.length > 0 ? 'due' : mine.some((t) => t.state === 'held') ? 'held' : 'ended';
    const at = due.length > 0 ? Math.min(...due) : null;
    if (firstUnknown !== null && !(level !== 'yellow' && at !== null && at <= firstUnknown)) {
      uncounted.push({ item: CASE_SCOPE, level, year: uncounted[0].year, problem: uncounted[0].problem });
      continue;
    }
    targets.push({ item: CASE_SCOPE, level, at: at !== null ? new Date(at) : null, state });
  }
  return { targets, uncounted };
}
