/**
 * Working-hour arithmetic for limits in hours (秒办/即办 items). A working hour is an hour inside the
 * daily window (default 09:00–17:00 local time) of a working day of the calendar; natural hours are
 * wall-clock hours. Like working days, it never guesses past the calendar's known years
 * (`CALENDAR_YEAR_UNKNOWN`).
 */
import { isWorkingDay, localDate, type HolidayCalendar, type WorkingWindow } from './working-days';

export type { WorkingWindow };

export const DEFAULT_WINDOW: WorkingWindow = { startMinute: 9 * 60, endMinute: 17 * 60 };

/** What an hour limit counts: hours inside the working window (`working-hours`) or wall-clock hours (`hours`). */
export type HourUnit = 'working-hours' | 'hours';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The working window of a local date as UTC instants, or null when the date is not a working day. */
function windowOf(date: string, calendar: HolidayCalendar, window: WorkingWindow): { start: number; end: number } | null {
  if (!isWorkingDay(date, calendar)) return null;
  const midnight = Date.parse(`${date}T00:00:00Z`) - calendar.utcOffsetMinutes * 60_000;
  return { start: midnight + window.startMinute * 60_000, end: midnight + window.endMinute * 60_000 };
}

/** The instant `hours` working hours after `from` (an instant outside the window counts from the next window's start). */
export function addWorkingHours(from: Date, hours: number, calendar: HolidayCalendar, window: WorkingWindow = calendar.workingHours ?? DEFAULT_WINDOW): Date {
  let left = Math.round(hours * HOUR_MS);
  if (left <= 0) return from;
  for (let date = localDate(from, calendar); ; date = addDays(date, 1)) {
    const w = windowOf(date, calendar, window);
    if (!w) continue;
    const start = Math.max(w.start, from.getTime());
    if (start >= w.end) continue;
    if (start + left <= w.end) return new Date(start + left);
    left -= w.end - start;
  }
}

/** Working hours between two instants (negative when `to` is before `from`). */
export function workingHoursBetween(from: Date, to: Date, calendar: HolidayCalendar, window: WorkingWindow = calendar.workingHours ?? DEFAULT_WINDOW): number {
  if (to < from) return -workingHoursBetween(to, from, calendar, window);
  let ms = 0;
  const last = localDate(to, calendar);
  for (let date = localDate(from, calendar); date <= last; date = addDays(date, 1)) {
    const w = windowOf(date, calendar, window);
    if (w) ms += Math.max(0, Math.min(w.end, to.getTime()) - Math.max(w.start, from.getTime()));
  }
  return ms / HOUR_MS;
}

/** The instant `hours` hours of the unit after `from`. */
export function addHours(from: Date, hours: number, unit: HourUnit, calendar: HolidayCalendar, window: WorkingWindow = calendar.workingHours ?? DEFAULT_WINDOW): Date {
  return unit === 'working-hours' ? addWorkingHours(from, hours, calendar, window) : new Date(from.getTime() + Math.round(hours * HOUR_MS));
}

/** Hours of the unit between two instants (negative when `to` is before `from`). */
export function hoursBetween(from: Date, to: Date, unit: HourUnit, calendar: HolidayCalendar, window: WorkingWindow = calendar.workingHours ?? DEFAULT_WINDOW): number {
  return unit === 'working-hours' ? workingHoursBetween(from, to, calendar, window) : (to.getTime() - from.getTime()) / HOUR_MS;
}

/** Parses `HH:MM-HH:MM` (e.g. `09:00-17:00`) into a working window, or the default when absent or malformed. */
export function parseWorkingWindow(text: string | undefined): WorkingWindow {
  const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec((text ?? '').trim());
  if (!m) return DEFAULT_WINDOW;
  const startMinute = Number(m[1]) * 60 + Number(m[2]);
  const endMinute = Number(m[3]) * 60 + Number(m[4]);
  return startMinute < endMinute && endMinute <= 24 * 60 ? { startMinute, endMinute } : DEFAULT_WINDOW;
}
