import type { EntityManager } from 'typeorm';
import { countedDeadline, type CountedDeadline } from '../calendar/counted-deadline';
import type { HolidayCalendar } from '../calendar/working-days';
import { ratings } from './rating.repository';

/** When a poor rating's follow-up opened at `openedAt` is due: `days` working days on, or no date and why. */
export const followUpDue: (openedAt: Date, days: number, calendar: HolidayCalendar) => CountedDeadline = countedDeadline;

/**
 * Counts the due dates of a case's rating follow-ups that were not counted (their year's calendar was
 * missing), from when each opened, in the caller's transaction (one statement to read them, one to
 * write those counted). Returns how many it counted and how many still cannot be.
 */
export async function countFollowUpDues(manager: EntityManager, applicationId: string, days: number, calendar: HolidayCalendar): Promise<{ counted: number; left: number }> {
  const open = await ratings.uncountedOf(manager, applicationId);
  const dues = open.flatMap((f) => {
    const due = followUpDue(f.createdAt, days, calendar);
    return due.dueAt ? [{ id: f.id, dueAt: due.dueAt }] : [];
  });
  await ratings.setDue(manager, dues);
  return { counted: dues.length, left: open.length - dues.length };
}
