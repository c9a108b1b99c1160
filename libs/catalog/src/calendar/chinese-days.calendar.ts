import chineseDays from 'chinese-days/dist/chinese-days.json';
import type { CalendarYear } from './calendar-year';
import type { HolidayCalendar } from './working-days';

/** Mainland China's offset from UTC, in minutes. */
export const CN_UTC_OFFSET_MINUTES = 480;

/** The years the installed `chinese-days` package publishes holidays for, oldest first. */
export function chineseDaysYears(): number[] {
  return [...new Set(Object.keys(chineseDays.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
}

/** One year of mainland China's State Council holiday schedule, as published in `chinese-days`. */
export function chineseDaysYear(year: number): CalendarYear {
  const prefix = `${year}-`;
  return {
    holidays: Object.keys(chineseDays.holidays).filter((d) => d.startsWith(prefix)).sort(),
    workdays: Object.keys(chineseDays.workdays).filter((d) => d.startsWith(prefix)).sort(),
  };
}

/** A mainland China calendar of the given years from `chinese-days` (seeding and tests). */
export function chineseDaysCalendar(years: number[]): HolidayCalendar {
  const parts = years.map(chineseDaysYear);
  return {
    name: 'cn', utcOffsetMinutes: CN_UTC_OFFSET_MINUTES, years: [...years],
    holidays: parts.flatMap((p) => p.holidays), workdays: parts.flatMap((p) => p.workdays),
  };
}
