import { TestClock } from '@tongban/runtime';
import { notificationsOfCase } from '../support/notifications';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { BundleClient } from '../bundles/bundle-fixtures';
import { newBabyCase } from './new-baby-case';

const DEPARTMENTS = ['health', 'human-resources', 'medical-insurance', 'public-security'];

describe('好差评: ratings of decided cases and the follow-ups of poor ones', () => {
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock('2026-06-01T02:00:00Z') }));
  const b = new BundleClient(t, api);
  const rate = (id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/applications/${id}/ratings`).set('X-API-Key', t.apiKey).send(body);

  it('refuses a rating before the decision with 409 and records nothing', async () => {
    // given: a case still waiting for its first department
    const { id } = await newBabyCase(b, false);

    // when
    const early = await rate(id, { level: 5 });

    // then
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ statusCode: 409, code: 'RATING_BEFORE_DECISION' });
    expect((await t.http.get(`/api/v1/applications/${id}/ratings`).set('X-API-Key', t.apiKey)).status).toBe(404);
  });

  it('accepts one rating per decided case: a bad level or unknown item is 400, a second rating 409', async () => {
    // given
    const { id } = await newBabyCase(b, true);

    // when
    const badLevel = await rate(id, { level: 6 });
    const zero = await rate(id, { level: 0 });
    const unknownItem = await rate(id, { level: 4, items: [{ item: 'NO-SUCH-ITEM', level: 4 }] });
    const first = await rate(id, { level: 4, items: [{ item: 'WJ-CSYX-001', level: 5 }], comment: '办事方便' });
    const second = await rate(id, { level: 5 });

    // then
    expect([badLevel.status, zero.status, unknownItem.status]).toEqual([400, 400, 400]);
    expect(badLevel.body.code).toBe('VALIDATION_FAILED');
    expect(unknownItem.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { item: 'NO-SUCH-ITEM' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rating: { applicationId: id, level: 4, items: [{ item: 'WJ-CSYX-001', level: 5 }], comment: '办事方便' }, followUps: [] });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('RATING_EXISTS');
    const stored = await t.http.get(`/api/v1/applications/${id}/ratings`).set('X-API-Key', t.apiKey);
    expect(stored.body).toMatchObject({ level: 4, comment: '办事方便' });
  });

  it('opens a follow-up per owning department for a poor rating, due in 5 working days; call back, then rectify', async () => {
    // given: a decided case, a clerk of health and one of public security
    const { id } = await newBabyCase(b, true);

    // when
    const poor = await rate(id, { level: 1, comment: '等了很久' });

    // then: every department of the case has a follow-up waiting for its call back
    expect(poor.status).toBe(201);
    expect(poor.body.followUps.map((f: { department: string }) => f.department)).toEqual(DEPARTMENTS);
    const ratedAt = new Date(poor.body.rating.createdAt).getTime();
    for (const f of poor.body.followUps) {
      expect(f.state).toBe('callback-pending');
      expect(new Date(f.dueAt).getTime() - ratedAt).toBeGreaterThanOrEqual(5 * 24 * 3600_000);
    }
    const health = await api.as('clerk.health');
    // (the case's own notifications: on the test clock of 1 June, newer ones of the department may fill the first page of its list)
    const told = await api.eventually(
      async () => (await notificationsOfCase(t, api, id, 'clerk.health')) as Array<{ type?: string; title: string }>,
      (items) => items.some((n) => n.type === 'rating.received'),
    );
    expect(told.find((n) => n.type === 'rating.received')!.title).toBe('收到差评，请在时限内回访整改');
    const mine = await t.http.get('/api/v1/rating-follow-ups?state=callback-pending&department=public-security').set('Authorization', health);
    const ours = mine.body.items.filter((f: { applicationId: string }) => f.applicationId === id);
    expect(ours.map((f: { department: string }) => f.department)).toEqual(['health']);
    const followUp = ours[0].id;

    // when: rectify before the call back, another department's clerk, then the right order
    const tooEarly = await t.http.post(`/api/v1/rating-follow-ups/${followUp}/rectify`).set('Authorization', health).send({ comment: '已整改' });
    const stranger = await t.http.post(`/api/v1/rating-follow-ups/${followUp}/callback`).set('Authorization', await api.as('clerk.tax')).send({ comment: '已回访' });
    const called = await t.http.post(`/api/v1/rating-follow-ups/${followUp}/callback`).set('Authorization', health).send({ comment: '已电话回访申请人，说明原因。' });
    const rectified = await t.http.post(`/api/v1/rating-follow-ups/${followUp}/rectify`).set('Authorization', health)
      .send({ comment: '优化出生医学证明核验流程。', result: '已整改，核验时限缩短为1个工作日' });

    // then
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('FOLLOW_UP_NOT_PENDING');
    expect(stranger.status).toBe(404);
    expect(called.status).toBe(201);
    expect(called.body).toMatchObject({ state: 'rectification-pending', callbackComment: '已电话回访申请人，说明原因。', callbackBy: 'clerk.health' });
    expect(rectified.body).toMatchObject({ state: 'closed', rectificationResult: '已整改，核验时限缩短为1个工作日', rectifiedBy: 'clerk.health' });
    const all = await t.http.get(`/api/v1/rating-follow-ups?department=health&state=closed`).set('Authorization', await api.as('supervisor'));
    expect(all.body.items.map((f: { id: string }) => f.id)).toContain(followUp);
  });

  it('exports ratings and follow-ups as CSV with a BOM for Excel', async () => {
    // given: a poor rating with an item and a call back
    const { id } = await newBabyCase(b, true);
    const rated = await rate(id, { level: 2, items: [{ item: 'WJ-CSYX-001', level: 1 }], comment: '材料要求不清楚, "反复跑"' });
    const health = rated.body.followUps.find((f: { department: string }) => f.department === 'health');
    await t.http.post(`/api/v1/rating-follow-ups/${health.id}/callback`).set('Authorization', await api.as('clerk.health')).send({ comment: '已回访' });
    const from = new Date(new Date(rated.body.rating.createdAt).getTime() - 1000).toISOString();
    const to = new Date(new Date(rated.body.rating.createdAt).getTime() + 1000).toISOString();

    // when
    const csv = await t.http.get(`/api/v1/ratings/export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`).set('Authorization', await api.as('supervisor')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const badRange = await t.http.get('/api/v1/ratings/export?from=yesterday&to=2026-12-02').set('Authorization', await api.as('supervisor'));

    // then
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n').filter((l, i) => i === 0 || l.includes(id));
    expect(lines[0]).toBe('record,rating_id,application_id,bundle_code,item,level,level_name,comment,rated_at,department,follow_up_state,due_at,callback_comment,callback_at,rectification_comment,rectification_result,rectified_at');
    expect(lines.filter((l) => l.startsWith('rating,'))[0]).toContain(`,new-baby,,2,不满意,"材料要求不清楚, ""反复跑""",`);
    expect(lines.filter((l) => l.startsWith('item,'))[0]).toContain(',WJ-CSYX-001,1,非常不满意,');
    expect(lines.filter((l) => l.startsWith('follow-up,')).map((l) => l.split(',')[9])).toEqual(DEPARTMENTS);
    expect(lines.find((l) => l.startsWith('follow-up,') && l.includes(',health,'))).toContain(',rectification-pending,');
    expect(badRange.status).toBe(400);
  });
});
