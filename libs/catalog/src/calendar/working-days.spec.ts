import { CN_MAINLAND_2026 } from './cn-mainland-2026.calendar';
import { addWorkingDays, isWorkingDay, localDate, workingDayDeadline, workingDaysBetween, type HolidayCalendar } from './working-days';

const cal = CN_MAINLAND_2026;

describe('working days (mainland China 2026)', () => {
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
    const custom: HolidayCalendar = { name: 'x', utcOffsetMinutes: 0, holidays: ['2026-11-23'], workdays: [] };
    expect(addWorkingDays('2026-11-20', 1, custom)).toBe('2026-11-24');
  });

  it('lists 33 days off and 6 make-up days', () => {
    expect(cal.holidays).toHaveLength(33);
    expect(cal.workdays).toHaveLength(6);
    for (const d of cal.workdays) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
  });
});
