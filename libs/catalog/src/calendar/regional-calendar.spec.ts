import { layerCalendarYears } from './regional-calendar';

describe('a region\'s calendar layered on the national one', () => {
  const national = { region: 'cn', year: 2026, holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] };

  it('adds a city\'s local holidays and make-up working days to the national year', () => {
    // given a city with a local holiday and a national make-up working day it gives off
    const city = { region: 'city', year: 2026, holidays: ['2026-03-16', '2026-10-10'], workdays: ['2026-03-21'] };

    // when
    const [year] = layerCalendarYears(['cn', 'province', 'city'], [city, national]);

    // then
    expect(year).toEqual({ year: 2026, holidays: ['2026-03-16', '2026-10-01', '2026-10-02', '2026-10-10'], workdays: ['2026-03-21'] });
  });

  it('ignores the years of regions outside the lineage and knows a year any level knows', () => {
    // given a sibling city's year and a province that entered 2027 on its own
    const sibling = { region: 'other', year: 2026, holidays: ['2026-05-20'], workdays: [] };
    const siblingOnly = { region: 'other', year: 2028, holidays: [], workdays: [] };
    const province = { region: 'province', year: 2027, holidays: ['2027-01-01'], workdays: [] };

    // when
    const years = layerCalendarYears(['cn', 'province', 'city'], [national, sibling, siblingOnly, province]);

    // then
    expect(years.map((y) => y.year)).toEqual([2026, 2027]);
    expect(years[0].holidays).not.toContain('2026-05-20');
    expect(years[1].holidays).toEqual(['2027-01-01']);
  });
});
