import { CatalogError } from '../catalog.errors';

/** One region's year of days off (放假) and make-up working days (调休上班), `YYYY-MM-DD`. */
export interface CalendarYear {
  holidays: string[];
  workdays: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `date` is a real calendar date written `YYYY-MM-DD`. */
export function isRealDate(date: string): boolean {
  return DATE.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
}

/**
 * Checks a year entered by an administrator and returns it sorted and without duplicates: every
 * date real and inside the year, no date both a holiday and a working day, and every make-up
 * working day a Saturday or Sunday (a weekday is a working day already).
 */
export function validateCalendarYear(year: number, input: CalendarYear): CalendarYear {
  const errors: { field: string; reason: string; message: string }[] = [];
  const check = (list: string[], field: 'holidays' | 'workdays'): void => {
    list.forEach((date, i) => {
      if (!isRealDate(date)) errors.push({ field: `${field}[${i}]`, reason: 'format', message: `${date} is not a date YYYY-MM-DD` });
      else if (!date.startsWith(`${year}-`)) errors.push({ field: `${field}[${i}]`, reason: 'year', message: `${date} is not in ${year}` });
    });
  };
  check(input.holidays, 'holidays');
  check(input.workdays, 'workdays');
  const holidays = new Set(input.holidays);
  input.workdays.forEach((date, i) => {
    if (holidays.has(date)) errors.push({ field: `workdays[${i}]`, reason: 'conflict', message: `${date} is both a holiday and a make-up working day` });
    else if (isRealDate(date) && ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())) {
      errors.push({ field: `workdays[${i}]`, reason: 'not-weekend', message: `${date} is a weekday: only a Saturday or Sunday can be a make-up working day` });
    }
  });
  if (errors.length > 0) throw new CatalogError('CALENDAR_INVALID', `The ${year} calendar has ${errors.length} problem(s): ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { year, errors });
  return { holidays: [...holidays].sort(), workdays: [...new Set(input.workdays)].sort() };
}
