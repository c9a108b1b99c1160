import { chineseDaysCalendar } from './chinese-days.calendar';
import { addHours, addWorkingHours, parseWorkingWindow, workingHoursBetween } from './working-hours';

const cal = chineseDaysCalendar([2025, 2026]);
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('working-hour arithmetic', () => {
  it('carries the hours left on Friday at 17:00 over the weekend to Monday 09:00', () => {
    // given Friday 4 December 2026, 16:00
    // when 4 working hours are added
    const due = addWorkingHours(beijing('2026-12-04T16:00:00'), 4, cal);
    // then one hour on Friday, three on Monday 7 December
    expect(due).toEqual(beijing('2026-12-07T12:00:00'));
    expect(workingHoursBetween(beijing('2026-12-04T16:00:00'), due, cal)).toBe(4);
  });

  it('counts from the next window when started after hours, and counts a 调休 Saturday', () => {
    // given Friday 27 February 2026 at 20:00; Saturday 28 February is a make-up working day (调休)
    // when
    const due = addWorkingHours(beijing('2026-02-27T20:00:00'), 2, cal);
    // then
    expect(due).toEqual(beijing('2026-02-28T11:00:00'));
  });

  it('skips the Spring Festival holidays', () => {
    // given Friday 13 February 2026 16:30; 15–23 February are days off
    // when
    const due = addWorkingHours(beijing('2026-02-13T16:30:00'), 1, cal);
    // then Saturday 14 is a 调休 working day
    expect(due).toEqual(beijing('2026-02-14T09:30:00'));
    // and Saturday 14 16:00 plus two hours lands on Tuesday 24
    expect(addWorkingHours(beijing('2026-02-14T16:00:00'), 2, cal)).toEqual(beijing('2026-02-24T10:00:00'));
  });

  it('crosses a known year end over New Year’s Day and refuses an unknown year', () => {
    // given Wednesday 31 December 2025, 16:00; 1–3 January 2026 are days off, Sunday 4 January is worked
    // when / then
    expect(addWorkingHours(beijing('2025-12-31T16:00:00'), 3, cal)).toEqual(beijing('2026-01-04T11:00:00'));
    // and past the calendar's last year the arithmetic does not guess
    expect(() => addWorkingHours(beijing('2026-12-31T16:00:00'), 3, cal)).toThrow(expect.objectContaining({ code: 'CALENDAR_YEAR_UNKNOWN' }));
  });

  it('counts natural hours on the wall clock and negative spans backwards', () => {
    // given / when / then
    expect(addHours(beijing('2026-12-04T16:00:00'), 4, 'hours', cal)).toEqual(beijing('2026-12-04T20:00:00'));
    expect(workingHoursBetween(beijing('2026-12-07T12:00:00'), beijing('2026-12-04T16:00:00'), cal)).toBe(-4);
  });

  it('reads a configured window and falls back to 09:00–17:00 on a malformed one', () => {
    // given / when / then
    expect(parseWorkingWindow('08:30-17:30')).toEqual({ startMinute: 510, endMinute: 1050 });
    expect(parseWorkingWindow('17:00-09:00')).toEqual({ startMinute: 540, endMinute: 1020 });
    expect(addWorkingHours(beijing('2026-12-04T16:00:00'), 4, cal, parseWorkingWindow('08:30-17:30'))).toEqual(beijing('2026-12-07T11:00:00'));
  });
});
