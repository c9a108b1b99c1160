/**
 * Working-day arithmetic for time limits (办结时限). Dates are calendar dates (`YYYY-MM-DD`) in
 * the calendar's time zone; a date is a working day when it is a weekday and not a public holiday,
 * or when it is a make-up working day (调休上班) even though it falls on a weekend. Arithmetic never
 * guesses: a date in a year the calendar does not know is refused (`CALENDAR_YEAR_UNKNOWN`).
 */
import { CatalogError } from '../catalog.errors';

export interface HolidayCalendar {
  name: string;
  /** Offset of the calendar's local time from UTC, in minutes (mainland China: +480). */
  utcOffsetMinutes: number;
  /** Public holidays and days off in lieu (放假), `YYYY-MM-DD`. */
  holidays: string[];
  /** Weekend days that are working days (调休上班), `YYYY-MM-DD`. */
  workdays: string[];
  /** The years whose holidays are known; a date outside them cannot be classified. */
  years: number[];
  /** The daily window of working hours for limits in working hours (default 09:00–17:00). */
  workingHours?: WorkingWindow;
}

/** The daily window of working hours, in minutes after local midnight (`start` < `end`). */
export interface WorkingWindow {
  startMinute: number;
  endMinute: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The local calendar date of an instant. */
export function localDate(instant: Date, calendar: HolidayCalendar): string {
  return new Date(instant.getTime() + calendar.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const year = Number(date.slice(0, 4));
  if (!calendar.years.includes(year)) {
    throw new CatalogError('CALENDAR_YEAR_UNKNOWN', `The calendar ${calendar.name} has no holidays for ${year}: a working day in ${date} cannot be counted until the ${year} calendar is entered`, {
      calendar: calendar.name, year, date, knownYears: [...calendar.years].sort(),
    });
  }
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `days` working days after `from`. The starting day itself does not count (the day of
 * acceptance is not part of a time limit); zero days gives `from`.
 */
export function addWorkingDays(from: string, days: number, calendar: HolidayCalendar): string {
  let date = from;
  for (let left = days; left > 0;) {
    date = addDays(date, 1);
    if (isWorkingDay(date, calendar)) left--;
  }
  return date;
}

/** The last instant of a local date (23:59:59.999 local time), as a UTC instant. */
export function endOfLocalDay(date: string, calendar: HolidayCalendar): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - 1 - calendar.utcOffsetMinutes * 60_000);
}

/**
 * The deadline of a time limit of `days` working days counted from the instant `now`: the end of
 * the last working day, local time.
 */
export function workingDayDeadline(now: Date, days: number, calendar: HolidayCalendar): Date {
  return endOfLocalDay(addWorkingDays(localDate(now, calendar), days, calendar), calendar);
}

/** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(date, calendar)) count++;
  return count;
}

/**
 * The last day of a limit of `days` counted from the date `from` (which itself does not count), in
 * working days or in natural (`calendar`) days. A natural-day limit whose last day is a day off ends
 * on the next working day instead (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
 */
export function limitDueDate(from: string, days: number, unit: 'working' | 'calendar', calendar: HolidayCalendar): string {
  if (unit === 'working') return addWorkingDays(from, days, calendar);
  let due = addDays(from, days);
  while (!isWorkingDay(due, calendar)) due = addDays(due, 1);
  return due;
}
