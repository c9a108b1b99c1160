import { localDate, type HolidayCalendar } from '../calendar/working-days';
import { DEFAULT_THRESHOLDS, dayUnitOf, itemClock, type ClockPause, type ItemLimit, type WarningThresholds } from './case-clock';
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

/**
 * The warnings of a case's item clocks and of the case's own: each item turns yellow, red and
 * overdue at the times its promised limit gives (the task clocks' rule, the same thresholds), held
 * while paused, never once its work ended; the case reaches a level when its first running item does.
 */
export function caseWarningPlan(acceptedAt: Date, limits: ItemLimit[], pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): ClockWarningTarget[] {
  const start = localDate(acceptedAt, calendar);
  const targets: ClockWarningTarget[] = [];
  for (const limit of limits) {
    const clock = itemClock(acceptedAt, limit, pauses, now, calendar, thresholds);
    const times = clock.hours?.warnings ?? warningTimes(start, clock.dueDate, clock.promisedDays, dayUnitOf(clock.unit), calendar, thresholds);
    for (const level of WARNING_LEVELS) {
      const state = !clock.running ? 'ended' : clock.paused ? 'held' : 'due';
      targets.push({ item: limit.item, level, at: state === 'due' ? times[level] : null, state });
    }
  }
  for (const level of WARNING_LEVELS) {
    const mine = targets.filter((t) => t.item !== CASE_SCOPE && t.level === level);
    const due = mine.filter((t) => t.state === 'due').map((t) => t.at!.getTime());
    const state = due.length > 0 ? 'due' : mine.some((t) => t.state === 'held') ? 'held' : 'ended';
    targets.push({ item: CASE_SCOPE, level, at: due.length > 0 ? new Date(Math.min(...due)) : null, state });
  }
  return targets;
}
