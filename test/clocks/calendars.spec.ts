import { randomBytes } from 'node:crypto';
import { chineseDaysYear } from '@tongban/catalog';
import { TestClock } from '@tongban/runtime';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/** A region no other spec uses, so entering its years changes nothing elsewhere. */

describe('working-day calendars as data', () => {
  const clock = new TestClock('2026-12-01T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));

  /** A province of its own for each test's calendar: a calendar belongs to a region. */
  const newRegion = async () => {
    const code = `t-${randomBytes(5).toString('hex')}`;
    const created = await t.http.post('/api/v1/regions').set('Authorization', await api.as('admin')).send({ code, name: code, parent: 'cn', level: 'province' });
    expect(created.status).toBe(201);
    return code;
  };

  it('lists mainland China 2024–2026, seeded from chinese-days, with the Spring Festival 2026 make-up Saturdays', async () => {
    // given the seeded calendar
    // when
    const list = await t.http.get('/api/v1/calendars').set('Authorization', await api.as('clerk.health'));
    const year = await t.http.get('/api/v1/calendars/cn/years/2026').set('Authorization', await api.as('clerk.health'));

    // then
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ region: 'cn', utcOffsetMinutes: 480, years: expect.arrayContaining([2024, 2025, 2026]) })]));
    expect(year.status).toBe(200);
    expect(year.body.holidays).toEqual(expect.arrayContaining(['2026-02-15', '2026-02-23', '2026-10-07']));
    expect(year.body.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(year.body.history[0]).toMatchObject({ changedBy: 'chinese-days', previous: null });
  });

  it('counts working days across the Spring Festival 2026 and its two make-up Saturdays', async () => {
    // given Friday 13 February 2026
    // when six working days are counted
    const response = await t.http.get('/api/v1/calendars/cn/due-date?from=2026-02-13&days=6').set('Authorization', await api.as('clerk.health'));

    // then Sat 14, Tue 24 … Fri 27, Sat 28 February
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dueDate: '2026-02-28', workingDays: 6, unit: 'working' });
  });

  it('refuses to count into 2027 until its calendar is entered, then counts with it', async () => {
    // given a region whose calendar, and the national one it inherits, know no 2027
    const region = await newRegion();
    const admin = await api.as('admin');
    expect((await t.http.put(`/api/v1/calendars/${region}/years/2026`).set('Authorization', admin).send(chineseDaysYear(2026))).status).toBe(200);

    // when a limit from Thursday 24 December 2026 reaches into 2027
    const before = await t.http.get(`/api/v1/calendars/${region}/due-date?from=2026-12-24&days=10`).set('Authorization', admin);

    // then it is refused, naming the year
    expect(before.status).toBe(422);
    expect(before.body).toMatchObject({ statusCode: 422, code: 'CALENDAR_YEAR_UNKNOWN', details: { year: 2027, knownYears: expect.arrayContaining([2026]) } });
    expect(before.body.details.knownYears).not.toContain(2027);

    // when 2027 is entered (New Year's Day 1 January off, Saturday 2 January a make-up working day, for this test)
    const put = await t.http.put(`/api/v1/calendars/${region}/years/2027`).set('Authorization', admin).send({ holidays: ['2027-01-01'], workdays: ['2027-01-02'] });
    const after = await t.http.get(`/api/v1/calendars/${region}/due-date?from=2026-12-24&days=10`).set('Authorization', admin);

    // then Fri 25, Mon 28 … Thu 31 December, Sat 2 January, Mon 4 … Thu 7 January 2027 (Friday 1 January off)
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ region, year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-02'], updatedBy: 'admin' });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ dueDate: '2027-01-07', workingDays: 10 });
  });

  it('keeps every change of a year in its history with what it replaced', async () => {
    // given a year entered once
    const region = await newRegion();
    const admin = await api.as('admin');
    await t.http.put(`/api/v1/calendars/${region}/years/2027`).set('Authorization', admin).send({ holidays: ['2027-01-01'], workdays: [] });

    // when it is corrected
    clock.set('2026-12-02T02:00:00Z');
    await t.http.put(`/api/v1/calendars/${region}/years/2027`).set('Authorization', admin).send({ holidays: ['2027-01-01', '2027-02-05'], workdays: ['2027-02-20'] });
    const year = await t.http.get(`/api/v1/calendars/${region}/years/2027`).set('Authorization', admin);

    // then
    expect(year.body).toMatchObject({ holidays: ['2027-01-01', '2027-02-05'], workdays: ['2027-02-20'], updatedAt: '2026-12-02T02:00:00.000Z' });
    expect(year.body.history).toEqual([
      expect.objectContaining({ holidays: ['2027-01-01'], workdays: [], previous: null, changedBy: 'admin' }),
      expect.objectContaining({ holidays: ['2027-01-01', '2027-02-05'], workdays: ['2027-02-20'], previous: { holidays: ['2027-01-01'], workdays: [] }, changedAt: '2026-12-02T02:00:00.000Z' }),
    ]);
  });

  it('refuses a bad year with a 400 naming each date, and changes nothing', async () => {
    // given a region with 2027 entered
    const region = await newRegion();
    const admin = await api.as('admin');
    await t.http.put(`/api/v1/calendars/${region}/years/2027`).set('Authorization', admin).send({ holidays: ['2027-01-01'], workdays: [] });

    // when a weekday is sent as a make-up working day and a date of 2028 as a holiday
    const response = await t.http.put(`/api/v1/calendars/${region}/years/2027`).set('Authorization', admin).send({ holidays: ['2028-01-01'], workdays: ['2027-01-04'] });
    const year = await t.http.get(`/api/v1/calendars/${region}/years/2027`).set('Authorization', admin);

    // then
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'CALENDAR_INVALID', details: { errors: [expect.objectContaining({ field: 'holidays[0]', reason: 'year' }), expect.objectContaining({ field: 'workdays[0]', reason: 'not-weekend' })] } });
    expect(year.body.holidays).toEqual(['2027-01-01']);
    expect(year.body.history).toHaveLength(1);
  });

  it('lets only admins enter a year', async () => {
    // given
    const region = await newRegion();
    // when a supervisor tries
    const response = await t.http.put(`/api/v1/calendars/${region}/years/2027`).set('Authorization', await api.as('supervisor')).send({ holidays: [], workdays: [] });
    // then
    expect(response.status).toBe(403);
    expect((await t.http.get(`/api/v1/calendars/${region}/years/2027`).set('Authorization', await api.as('admin'))).status).toBe(404);
  });

  it('reports in /health that the calendar ends within 60 days', async () => {
    // given 1 December 2026 and no mainland 2027 calendar
    clock.set('2026-12-01T02:00:00Z');
    // when
    const health = await t.http.get('/health');
    // then
    expect(health.body.calendar).toMatchObject({ region: 'cn', status: 'ending', lastYear: 2026, daysLeft: 30 });
    expect(health.body.calendar.message).toContain('PUT /api/v1/calendars/cn/years/2027');
  });
});
