import { randomBytes } from 'node:crypto';
import { IdentityService } from '@tongban/identity';
import { ROOT_REGION, TestClock, type RegionScope } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { inRoot, inScope } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/**
 * The shipped calendar knows no 2027. A case's clocks whose limits stay inside 2026 get their warnings
 * at acceptance; a clock whose promised limit reaches 2027 is left out until the region's 2027 calendar
 * is entered, and is planned then, on it. The cases are a city's of their own, so the 2027 entered here
 * (New Year's Day off, nothing else: test data, not the published schedule) counts for them alone.
 */
describe('case clock warnings when a limit reaches a year the calendar does not know', () => {
  // Thursday 10 December 2026, 10:00 in Beijing
  const clock = new TestClock('2026-12-10T02:00:00Z');
  const { t } = useTestApp(() => startTestApp({ clock }));
  const s = randomBytes(3).toString('hex');
  const city = `cw-${s}`;
  const key = `cw-key-${s}`;
  const admin = `cw-admin-${s}`;
  const scope: RegionScope = { home: city, regions: [city], inherited: [ROOT_REGION] };

  /** An open-restaurant case of the city, its company's business licence on file and every other material handed in (none deferred): 食品经营许可 7/20 working days, 招牌 5/20, 消防 5/10. */
  const accept = async (): Promise<string> => {
    const creditCode = newCreditCode();
    const licence = await t.http.post('/api/v1/certificates').set('X-API-Key', key).send({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
      holder: { codeType: '001', code: creditCode, name: '小笼包餐饮有限公司' }, data: { companyName: '小笼包餐饮有限公司', creditCode },
    });
    expect(licence.status).toBe(201);
    const plan = await t.http.post('/api/v1/attachments').set('X-API-Key', key).attach('file', PDF, '平面图.pdf');
    expect(plan.status).toBe(201);
    const materials = [
      ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-SCJG-001', '食品安全管理制度'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-LHSR-014', '场所使用证明'],
      ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
    ].map(([item, name]) => ({ item, name, attachmentId: plan.body.id }));
    const response = await t.http.post('/api/v1/applications').set('X-API-Key', key).send({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
    });
    expect([response.status, response.body.message]).toEqual([201, undefined]);
    return response.body.id as string;
  };

  /** The case's warning rows as `item:level` → due instant, with their ids and generations. */
  const warnings = async (applicationId: string) => {
    const rows: { id: string; item: string; level: string; due_at: Date | null; generation: number }[] = await inRoot(t.app).get(DataSource)
      .query(`SELECT id, item, level, due_at, generation FROM case_clock_warning WHERE application_id = $1 ORDER BY item, level`, [applicationId]);
    return Object.fromEntries(rows.map((r) => [`${r.item || 'case'}:${r.level}`, { at: r.due_at?.toISOString() ?? null, id: r.id, generation: r.generation }]));
  };
  const times = async (applicationId: string) => Object.fromEntries(Object.entries(await warnings(applicationId)).map(([k, v]) => [k, v.at]));

  beforeAll(async () => {
    // given a city of its own under the nation, its admin and its integrator
    const root = `Bearer ${await t.token('admin')}`;
    expect((await t.http.post('/api/v1/regions').set('Authorization', root).send({ code: city, name: city, parent: ROOT_REGION, level: 'city' })).status).toBe(201);
    await inScope(t.app, scope).get(IdentityService).ensureUser({ username: admin, password: admin, roles: ['admin'] });
    await inScope(t.app, scope).get(IdentityService).ensureApiKey({ name: key, key, roles: ['integrator'] });
  });

  it('plans every clock whose promised limit stays in 2026, though the legal limits reach 2027', async () => {
    // given Thursday 10 December 2026: 招牌 and 消防 are promised by Thursday 17 December, 食品 by Monday 21; 食品's and 招牌's 20 legal days reach 2027
    clock.set('2026-12-10T02:00:00Z');

    // when the case is accepted
    const id = await accept();

    // then each of the three items and the case has its three warnings
    expect(await times(id)).toEqual({
      'SH-LHSR-014:yellow': '2026-12-15T16:00:00.000Z', 'SH-LHSR-014:red': '2026-12-16T16:00:00.000Z', 'SH-LHSR-014:overdue': '2026-12-17T16:00:00.000Z',
      'SH-XF-003:yellow': '2026-12-15T16:00:00.000Z', 'SH-XF-003:red': '2026-12-16T16:00:00.000Z', 'SH-XF-003:overdue': '2026-12-17T16:00:00.000Z',
      'SH-SCJG-001:yellow': '2026-12-17T16:00:00.000Z', 'SH-SCJG-001:red': '2026-12-20T16:00:00.000Z', 'SH-SCJG-001:overdue': '2026-12-21T16:00:00.000Z',
      'case:yellow': '2026-12-15T16:00:00.000Z', 'case:red': '2026-12-16T16:00:00.000Z', 'case:overdue': '2026-12-17T16:00:00.000Z',
    });

    // and its clock reads: 食品's and 招牌's legal dates are not counted, and say why; 消防's ten legal days end on Thursday 24 December
    const view = await t.http.get(`/api/v1/applications/${id}/clock`).set('Authorization', `Bearer ${await t.token(admin)}`);
    expect(view.status).toBe(200);
    const item = (code: string) => view.body.items.find((i: { item: string }) => i.item === code);
    expect(item('SH-SCJG-001')).toMatchObject({ dueDate: '2026-12-21', legalDueDate: null, legalDueAt: null, legalRemainingDays: null, clockProblem: expect.stringContaining('2027') });
    expect(item('SH-LHSR-014')).toMatchObject({ dueDate: '2026-12-17', legalDueDate: null, clockProblem: expect.stringContaining('2027') });
    expect(item('SH-XF-003')).toMatchObject({ dueDate: '2026-12-17', legalDueDate: '2026-12-24', clockProblem: null });
    expect(view.body.case).toMatchObject({ dueDate: '2026-12-21', criticalItem: 'SH-SCJG-001', legalDueDate: null, legalDueAt: null, clockProblem: expect.stringContaining('2027') });
  });

  it('leaves out the clocks that reach 2027 and plans them, once, when the city enters its 2027 calendar', async () => {
    // given Thursday 24 December 2026: 招牌 and 消防 are promised by Thursday 31 December, 食品's 7 working days reach 2027
    clock.set('2026-12-24T02:00:00Z');

    // when the case is accepted
    const id = await accept();

    // then 招牌's and 消防's warnings are planned, and the case's red and overdue (食品's cannot come before 2027);
    // 食品's warnings and the case's yellow (食品 might turn yellow first) are left out
    const inside2026 = {
      'SH-LHSR-014:yellow': '2026-12-29T16:00:00.000Z', 'SH-LHSR-014:red': '2026-12-30T16:00:00.000Z', 'SH-LHSR-014:overdue': '2026-12-31T16:00:00.000Z',
      'SH-XF-003:yellow': '2026-12-29T16:00:00.000Z', 'SH-XF-003:red': '2026-12-30T16:00:00.000Z', 'SH-XF-003:overdue': '2026-12-31T16:00:00.000Z',
      'case:red': '2026-12-30T16:00:00.000Z', 'case:overdue': '2026-12-31T16:00:00.000Z',
    };
    expect(await times(id)).toEqual(inside2026);

    // when the city's admin enters 2027 with New Year's Day off (test data)
    const cityAdmin = `Bearer ${await t.token(admin)}`;
    const put = await t.http.put(`/api/v1/calendars/${city}/years/2027`).set('Authorization', cityAdmin).send({ holidays: ['2027-01-01'], workdays: [] });
    expect(put.status).toBe(200);

    // then 食品 (25, 28–31 December, 4 and 5 January: due Tuesday 5 January) is yellow on Monday 4, red on 5, overdue from 6 January,
    // and the case turns yellow with 招牌 and 消防 on Wednesday 30 December
    const planned = await warnings(id);
    expect(Object.fromEntries(Object.entries(planned).map(([k, v]) => [k, v.at]))).toEqual({
      ...inside2026,
      'SH-SCJG-001:yellow': '2027-01-03T16:00:00.000Z', 'SH-SCJG-001:red': '2027-01-04T16:00:00.000Z', 'SH-SCJG-001:overdue': '2027-01-05T16:00:00.000Z',
      'case:yellow': '2026-12-29T16:00:00.000Z',
    });

    // when the year is entered again, unchanged
    expect((await t.http.put(`/api/v1/calendars/${city}/years/2027`).set('Authorization', cityAdmin).send({ holidays: ['2027-01-01'], workdays: [] })).status).toBe(200);

    // then nothing is planned twice: the same rows, not one re-timed
    expect(await warnings(id)).toEqual(planned);
    expect(Object.values(planned).every((w) => w.generation === 0)).toBe(true);

    // when the clock reaches Monday 4 January 2027, 10:00 in Beijing
    await advanceClock(t, 11 * 24 * 3600 * 1000);

    // then 食品 turned yellow on the city's calendar, recorded in the case's history
    const states: { state: string }[] = await inRoot(t.app).get(DataSource).query(`SELECT state FROM case_clock_warning WHERE id = $1`, [planned['SH-SCJG-001:yellow'].id]);
    expect(states).toEqual([{ state: 'fired' }]);
  });
});
