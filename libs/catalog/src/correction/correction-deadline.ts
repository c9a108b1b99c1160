import { CatalogError } from '../catalog.errors';
import { addWorkingDays, endOfLocalDay, localDate, type HolidayCalendar } from '../calendar/working-days';

/** A correction request's deadline, or why it cannot be counted yet. */
export type CorrectionDeadline = { deadlineDate: string; deadlineAt: Date; problem?: undefined } | { deadlineDate: null; deadlineAt: null; problem: string };

/**
 * The deadline of a correction request (补正) made at `requestedAt`: the end of the local day `days`
 * working days on; when that reaches a year the calendar does not know, no deadline and the reason.
 */
export function correctionDeadline(requestedAt: Date, days: number, calendar: HolidayCalendar): CorrectionDeadline {
  try {
    const deadlineDate = addWorkingDays(localDate(requestedAt, calendar), days, calendar);
    return { deadlineDate, deadlineAt: endOfLocalDay(deadlineDate, calendar) };
  } catch (error) {
    if (!(error instanceof CatalogError && error.code === 'CALENDAR_YEAR_UNKNOWN')) throw error;
    return { deadlineDate: null, deadlineAt: null, problem: error.message };
  }
}
