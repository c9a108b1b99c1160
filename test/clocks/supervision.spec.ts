import { TestClock } from '@tongban/runtime';
import { BundleClient } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { notificationsOfCase } from '../support/notifications';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { uniqueInstant } from '../support/unique-instant';
import { acceptRestaurant, RESTAURANT_APPROVALS, supervisedCase } from './support/clock-cases';

const DAY = 24 * 3600 * 1000;
/** An instant no other spec (nor an earlier run on the same database) accepts a case at, and the period of that millisecond. */
const { instant: ACCEPTED, period: PERIOD } = uniqueInstant('2026-10-13T02:00:00.000Z');

describe('supervision (电子监察) and directives (督办)', () => {
  const clock = new TestClock(ACCEPTED);
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  it('lists warned cases, counts on-time and late work per department and item, and follows a directive to its reply', async () => {
    // given an open-restaurant case accepted on Tuesday 13 October 2026 (10:00–12:00 Beijing time) whose fire item is approved at once
    const { id, processInstanceId, creditCode } = await acceptRestaurant(b);
    const tasks = await b.openTasks(processInstanceId, RESTAURANT_APPROVALS);
    const fireDone = await t.http.post(`/api/v1/tasks/${tasks.Task_SH_XF_003_approve.id}/complete`).set('Authorization', await api.as('clerk.fire-rescue')).send({ decision: 'approve' });
    expect(fireDone.status).toBe(200);

    // when the clock reaches Monday 19 October (招牌, due Tuesday 20 October, has one working day left)
    await advanceClock(t, 6 * DAY);
    const supervisor = await api.as('supervisor');
    const yellowCity = await supervisedCase(t, api, 'status=yellow&department=city-appearance', id);
    const yellowFire = await supervisedCase(t, api, 'status=yellow&department=fire-rescue', id);
    const byItem = await supervisedCase(t, api, 'item=SH-LHSR-014', id);

    // then the case is yellow for city appearance only (the fire item finished), its credit code shown as is
    expect(yellowCity).toMatchObject({ status: 'yellow', departments: ['city-appearance'], applicant: { code: creditCode } });
    expect(yellowFire).toBeUndefined();
    expect(byItem?.status).toBe('yellow');
    expect((await t.http.get('/api/v1/supervision/cases').set('Authorization', await api.as('clerk.city-appearance'))).status).toBe(403);
    expect((await t.http.get('/api/v1/supervision/cases?status=purple').set('Authorization', supervisor)).status).toBe(400);

    // and the list walked one case at a time with `after` (each page's `next`) holds the same first cases in the same order as one page
    // (its own warned cases, and any of other runs on the database, are more than one)
    const page = async (query: string) => (await t.http.get(`/api/v1/supervision/cases?${query}`).set('Authorization', supervisor)).body as { items: { processInstanceId: string }[]; total: number; totalExact: boolean; next: string | null };
    const whole = await page('limit=3');
    expect(whole.items.length).toBeGreaterThan(0);
    expect(whole.total).toBeGreaterThanOrEqual(whole.items.length);
    if (whole.next === null) expect(whole).toMatchObject({ total: whole.items.length, totalExact: true });
    const walked: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < Math.min(3, whole.items.length); i++) {
      const one = await page(`limit=1${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      walked.push(...one.items.map((c) => c.processInstanceId));
      after = one.next;
    }
    expect(walked).toEqual(whole.items.slice(0, 3).map((c) => c.processInstanceId));
    for (const query of ['offset=10001', 'after=red~12~not-a-task', 'after=purple~1~00000000-0000-4000-8000-000000000000']) {
      const refused = await t.http.get(`/api/v1/supervision/cases?${query}`).set('Authorization', supervisor);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(query.split('=')[0]);
    }

    // when the supervisor directs city appearance to reply within one working day
    const directed = await t.http.post(`/api/v1/supervision/cases/${id}/directives`).set('Authorization', supervisor).send({ comment: '请说明进度并按时办结。', replyWithinDays: 1, department: 'city-appearance' });
    const refused = await t.http.post(`/api/v1/supervision/cases/${id}/directives`).set('Authorization', supervisor).send({ comment: '请回复', replyWithinDays: 0 });
    const unknown = await t.http.post(`/api/v1/supervision/cases/${id}/directives`).set('Authorization', supervisor).send({ comment: '请回复', replyWithinDays: 1, department: 'health' });

    // then the directive is due at the end of Tuesday 20 October, and the department's queue is told
    expect(directed.status).toBe(201);
    const [directive] = directed.body.items;
    expect(directive).toMatchObject({ department: 'city-appearance', dueAt: '2026-10-20T15:59:59.999Z', state: 'open', createdBy: 'supervisor' });
    expect(refused.status).toBe(400);
    expect(unknown.status).toBe(400);
    const notes = await notificationsOfCase(t, api, id, 'clerk.city-appearance');
    expect(notes.filter((n) => n.title.includes('督办'))).toHaveLength(1);
    const clerkList = await t.http.get(`/api/v1/directives?state=open&applicationId=${id}`).set('Authorization', await api.as('clerk.city-appearance'));
    expect(clerkList.body.items.map((d: { id: string }) => d.id)).toContain(directive.id);
    expect((await t.http.post(`/api/v1/directives/${directive.id}/reply`).set('Authorization', await api.as('clerk.fire-rescue')).send({ comment: '不是我们的' })).status).toBe(403);

    // when the clock passes the item's and the directive's due day unanswered (Wednesday 21 October)
    await advanceClock(t, 2 * DAY);
    const late = await t.http.get(`/api/v1/supervision/stats?groupBy=department&${PERIOD}`).set('Authorization', supervisor);

    // then the figures show the fire item finished on time, the signboard overdue with an overdue directive
    expect(late.status).toBe(200);
    const group = (body: { groups: { key: string }[] }, key: string) => body.groups.find((g) => g.key === key);
    expect(group(late.body, 'fire-rescue')).toMatchObject({ tasks: 1, finished: 1, finishedOnTime: 1, onTimeRate: 1, averageWorkingDays: 0, running: 0, directives: 0 });
    expect(group(late.body, 'city-appearance')).toMatchObject({ tasks: 1, finished: 0, onTimeRate: null, running: 1, overdue: 1, directives: 1, unansweredDirectives: 1, overdueDirectives: 1 });
    expect(await supervisedCase(t, api, 'status=overdue&department=city-appearance', id)).toBeDefined();

    // when city appearance replies, twice
    const reply = await t.http.post(`/api/v1/directives/${directive.id}/reply`).set('Authorization', await api.as('clerk.city-appearance')).send({ comment: '已补办完毕，今日办结。' });
    const again = await t.http.post(`/api/v1/directives/${directive.id}/reply`).set('Authorization', await api.as('clerk.city-appearance')).send({ comment: '再次回复' });
    const answered = await t.http.get(`/api/v1/supervision/stats?groupBy=item&${PERIOD}`).set('Authorization', supervisor);

    // then the reply is kept once, and the item figures no longer count it unanswered
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ state: 'answered', reply: '已补办完毕，今日办结。', repliedBy: 'clerk.city-appearance' });
    expect(again.status).toBe(409);
    expect(group(answered.body, 'SH-LHSR-014')).toMatchObject({ tasks: 1, overdue: 1, directives: 1, unansweredDirectives: 0 });
    expect(group(answered.body, 'SH-XF-003')).toMatchObject({ finished: 1, onTimeRate: 1 });
    const history = (await api.history(processInstanceId)).filter((e) => e.type.startsWith('supervision.')).map((e) => e.type);
    expect(history).toEqual(['supervision.directive', 'supervision.replied']);
    expect((await t.http.get('/api/v1/supervision/stats?groupBy=item&from=2026-10-14T00:00:00Z&to=2026-10-13T00:00:00Z').set('Authorization', supervisor)).status).toBe(400);
  });
});
