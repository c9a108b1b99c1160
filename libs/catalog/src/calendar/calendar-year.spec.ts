import { CatalogError } from '../catalog.errors';
import { validateCalendarYear } from './calendar-year';

describe('a calendar year entered by an administrator', () => {
  it('is sorted and freed of duplicates', () => {
    // given
    const input = { holidays: ['2027-02-08', '2027-01-01', '2027-01-01'], workdays: ['2027-02-20'] };
    // when
    const year = validateCalendarYear(2027, input);
    // then
    expect(year).toEqual({ holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-20'] });
  });

  it('names every bad date: outside the year, not a date, both off and working, a weekday make-up day', () => {
    // given
    const input = { holidays: ['2026-12-31', '2027-02-30', '2027-10-09'], workdays: ['2027-10-09', '2027-10-11'] };
    // when
    let error: CatalogError | undefined;
    try {
      validateCalendarYear(2027, input);
    } catch (e) {
      error = e as CatalogError;
    }
    // then
    expect(error?.code).toBe('CALENDAR_INVALID');
    expect(error?.details.errors).toEqual([
      expect.objectContaining({ field: 'holidays[0]', reason: 'year' }),
      expect.objectContaining({ field: 'holidays[1]', reason: 'format' }),
      expect.objectContaining({ field: 'workdays[0]', reason: 'conflict' }),
      expect.objectContaining({ field: 'workdays[1]', reason: 'not-weekend' }),
    ]);
  });
});
