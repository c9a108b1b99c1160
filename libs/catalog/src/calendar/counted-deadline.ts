import { CatalogError } from '../catalog.errors';
import { workingDayDeadline, type HolidayCalendar } from './working-days';

/** A deadline counted in working days, or — when it reaches a year the calendar does not know — none and the reason. */
export type CountedDeadline = { dueAt: Date; problem?: undefined } | { dueAt: null; problem: string };

/**
 * The end of the last of `days` working days from `from` (`workingDayDeadline`), or no date and
 * the reason when the count reaches a year the calendar does not know. Nothing is guessed; any other
 * error is thrown.
 */
export function countedDeadline(from: Date, days: number, calendar: HolidayCalendar): CountedDeadline {
  try {
    return { dueAt: workingDayDeadline(from, days, calendar) };
  } catch (error) {
    if (!(error instanceof CatalogError && error.code === 'CALENDAR_YEAR_UNKNOWN')) throw error;
    return { dueAt: null, problem: error.message };
  }
}
