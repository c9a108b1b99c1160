import { CaseClockWarningService, type HolidayCalendar } from '@tongban/catalog';
import { TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { BundleClient } from '../bundles/bundle-fixtures';
import { inRoot } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { newBabyCase } from './new-baby-case';

/**
 * 好差评 at the end of December with no calendar for the next year: a rating is taken, a poor one's
 * follow-ups (due in 5 working days) are not counted, say why, and mark the case, and they are counted
 * from the rating once the year is known.
 */
describe('好差评 whose follow-ups reach a year the calendar does not know', () => {
  // Monday 28 December 2026, 10:00 in Beijing: five working days reach 2027
  const clock = new TestClock('2026-12-28T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);
  const rate = (id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/applications/${id}/ratings`).set('X-API-Key', t.apiKey).send(body);
  const db = () => inRoot(t.app).get(DataSource);

  it('takes a good rating (no follow-up, nothing counted)', async () => {
    // given a decided case
    const { id } = await newBabyCase(b, true);

    // when it is rated 4 on 28 December
    const rated = await rate(id, { level: 4 });

    // then it is taken (it was 422 CALENDAR_YEAR_UNKNOWN: the follow-ups' due date was counted for every rating)
    expect([rated.status, rated.body.followUps]).toEqual([201, []]);
  });

  it('takes a poor rating: its follow-ups show no due date and why; they are counted from the rating when the year is entered', async () => {
    // given a decided case
    const { id } = await newBabyCase(b, true);

    // when it is rated 1
    const poor = await rate(id, { level: 1, comment: '等了很久' });

    // then the follow-ups are opened, not counted, with the reason; the case is marked
    expect(poor.status).toBe(201);
    expect(poor.body.followUps.length).toBeGreaterThan(0);
    for (const f of poor.body.followUps) expect(f).toMatchObject({ state: 'callback-pending', dueAt: null, dueProblem: expect.stringContaining('no holidays for 2027') });
    const [{ uncounted_since: marked }] = await db().query(`SELECT uncounted_since FROM application WHERE id = $1`, [id]);
    expect(marked).toEqual(new Date('2026-12-28T02:00:00Z'));

    // when they are counted, as the calendar PUT counts them, on a calendar that knows 2027 (test data: New Year's Day off)
    const calendar: HolidayCalendar = { name: 'test', utcOffsetMinutes: 480, holidays: ['2027-01-01'], workdays: [], years: [2026, 2027] };
    const counted = await db().transaction((m) => inRoot(t.app).get(CaseClockWarningService).countOthers(m, id, calendar));

    // then 29–31 December, 4 and 5 January: due at the end of Tuesday 5 January, the problem gone
    expect(counted).toEqual({ counted: poor.body.followUps.length, left: 0 });
    const listed = await t.http.get(`/api/v1/applications/${id}/ratings`).set('X-API-Key', t.apiKey);
    expect(listed.status).toBe(200);
    const rows = await db().query(`SELECT due_at, due_problem FROM rating_follow_up WHERE application_id = $1`, [id]);
    expect(rows.map((r: { due_at: Date; due_problem: string | null }) => [r.due_at.toISOString(), r.due_problem])).toEqual(rows.map(() => ['2027-01-05T15:59:59.999Z', null]));
    // and counting again counts nothing
    expect(await db().transaction((m) => inRoot(t.app).get(CaseClockWarningService).countOthers(m, id, calendar))).toEqual({ counted: 0, left: 0 });
  });
});
