import { CatalogError } from '../catalog.errors';
import { chineseDaysCalendar } from './chinese-days.calendar';
import { addWorkingDays, isWorkingDay, limitDueDate, localDate, workingDayDeadline, workingDaysBetween, type HolidayCalendar } from './working-days';

const cal = chineseDaysCalendar([2026]);

describe('working days (mainland China 2026, from chinese-days)', () => {
  it('treats weekends as days off and make-up Saturdays and Sundays as working days', () => {
    expect(isWorkingDay('2026-11-20', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-21', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-01', cal)).toBe(false); // National Day, a Thursday
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-01-04', cal)).toBe(true); // make-up Sunday
  });

  it('does not count the starting day and skips weekends', () => {
    // given a Friday
    // when
    const due = addWorkingDays('2026-11-20', 3, cal);
    // then Mon, Tue, Wed
    expect(due).toBe('2026-11-25');
  });

  it('skips the National Day week and counts the make-up Saturday', () => {
    // given Wednesday 30 September, 5 working days
    // when
    const due = addWorkingDays('2026-09-30', 5, cal);
    // then Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13 October
    expect(due).toBe('2026-10-13');
    expect(workingDaysBetween('2026-09-30', '2026-10-13', cal)).toBe(5);
  });

  it('counts across the Spring Festival', () => {
    // Friday 13 Feb: Sat 14 (make-up) is day 1; the festival runs 15–23; Tue 24 is day 2
    expect(addWorkingDays('2026-02-13', 2, cal)).toBe('2026-02-24');
  });

  it('uses the local date of an instant and ends a deadline at local midnight', () => {
    // given 20:00 UTC on Friday 20 November is 04:00 on Saturday 21 November in Beijing
    const now = new Date('2026-11-20T20:00:00Z');

    // when
    const deadline = workingDayDeadline(now, 1, cal);

    // then
    expect(localDate(now, cal)).toBe('2026-11-21');
    expect(deadline.toISOString()).toBe('2026-11-23T15:59:59.999Z');
  });

  it('takes any configured holiday list', () => {
    const custom: HolidayCalendar = { name: 'x', utcOffsetMinutes: 0, holidays: ['2026-11-23'], workdays: [], years: [2026] };
    expect(addWorkingDays('2026-11-20', 1, custom)).toBe('2026-11-24');
  });

  it('lists 33 days off and 6 make-up days', () => {
    expect(cal.holidays).toHaveLength(33);
    expect(cal.workdays).toHaveLength(6);
    for (const d of cal.workdays) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
  });

  it('counts the Spring Festival 2026 with both of its make-up Saturdays', () => {
    // given Friday 13 February 2026; Saturday 14 and Saturday 28 February are working days, 15–23 are off
    // when
    const due = addWorkingDays('2026-02-13', 6, cal);
    // then Sat 14, Tue 24, Wed 25, Thu 26, Fri 27, Sat 28
    expect(due).toBe('2026-02-28');
    expect(isWorkingDay('2026-02-14', cal)).toBe(true);
    expect(isWorkingDay('2026-02-28', cal)).toBe(true);
    expect(isWorkingDay('2026-02-23', cal)).toBe(false);
  });

  it('counts across a month end and a year end the calendar knows', () => {
    // given both years known
    const twoYears = chineseDaysCalendar([2025, 2026]);
    // when Wednesday 31 December 2025 plus 2 working days (1–3 January 2026 are off, Sunday 4 January works)
    const due = addWorkingDays('2025-12-31', 2, twoYears);
    // then
    expect(due).toBe('2026-01-05');
    expect(addWorkingDays('2026-11-27', 2, cal)).toBe('2026-12-01');
  });

  it('refuses to count into a year the calendar does not know', () => {
    // given Thursday 31 December 2026 and no 2027 calendar
    // when
    const count = () => addWorkingDays('2026-12-31', 1, cal);
    // then
    expect(count).toThrow(CatalogError);
    expect(count).toThrow(expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN', details: expect.objectContaining({ year: 2027, date: '2027-01-01' }) }));
  });

  it('ends a natural-day limit on the next working day when its last day is a day off', () => {
    // given Friday 25 September 2026 and 7 natural days: Friday 2 October is in the National Day week
    // when
    const due = limitDueDate('2026-09-25', 7, 'calendar', cal);
    // then the first working day after the holidays, Thursday 8 October
    expect(due).toBe('2026-10-08');
    expect(limitDueDate('2026-11-02', 10, 'calendar', cal)).toBe('2026-11-12');
    expect(limitDueDate('2026-11-02', 10, 'working', cal)).toBe('2026-11-16');
  });
});
