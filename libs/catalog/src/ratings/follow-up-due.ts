import { countedDeadline, type CountedDeadline } from '../calendar/counted-deadline';
import type { HolidayCalendar } from '../calendar/working-days';

/** When a poor rating's follow-up opened at `openedAt` is due: `days` working days on, or no date and why. */
export const followUpDue: (openedAt: Date, days: number, calendar: HolidayCalendar) => CountedDeadline = countedDeadline;
