import { randomBytes } from 'node:crypto';
import { IdentityService } from '@tongban/identity';
import { ROOT_REGION, TestClock, type RegionScope } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { inRoot, inScope } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/**
 * 容缺 and 补正 deadlines at the end of December with no calendar for the next year: the application
 * is accepted and the correction requested, a deadline that reaches the unknown year is shown as not
 * counted with the reason, and it is counted (and its message scheduled) when the year is entered. The
 * cases are cities' of their own, so the 2027 entered here (New Year's Day off, nothing else: test data,
 * not the published schedule) counts for them alone.
 */
describe('容缺 and 补正 deadlines that reach a year the calendar does not know', () => {
  // Thursday 24 December 2026, 10:00 in Beijing
  const clock = new TestClock('2026-12-24T02:00:00Z');
  const { t } = useTestApp(() => startTestApp({ clock }));
  const s = randomBytes(3).toString('hex');
  const city = `dd-${s}`;
  const key = `dd-key-${s}`;
  const admin = `dd-admin-${s}`;
  const db = () => inRoot(t.app).get(DataSource);

  const clerk = `dd-clerk-${s}`;
  /** A second city, its 2027 left for the correction's test to enter. */
  const city2 = `dd2-${s}`;
  const key2 = `dd2-key-${s}`;
  const admin2 = `dd2-admin-${s}`;
  const supervisor2 = `dd2-supervisor-${s}`;

  beforeAll(async () => {
    // given two cities of their own under the nation, each with its admin and its integrator, and a market-regulation clerk in the second
    const root = `Bearer ${await t.token('admin')}`;
    for (const [code, cityAdmin, cityKey] of [[city, admin, key], [city2, admin2, key2]]) {
      const regionScope: RegionScope = { home: code, regions: [code], inherited: [ROOT_REGION] };
      expect((await t.http.post('/api/v1/regions').set('Authorization', root).send({ code, name: code, parent: ROOT_REGION, level: 'city' })).status).toBe(201);
      await inScope(t.app, regionScope).get(IdentityService).ensureUser({ username: cityAdmin, password: cityAdmin, roles: ['admin'] });
      await inScope(t.app, regionScope).get(IdentityService).ensureApiKey({ name: cityKey, key: cityKey, roles: ['integrator'] });
    }
    await inScope(t.app, { home: city2, regions: [city2], inherited: [ROOT_REGION] }).get(IdentityService).ensureUser({ username: clerk, password: clerk, roles: ['clerk'], department: 'market-regulation' });
    await inScope(t.app, { home: city2, regions: [city2], inherited: [ROOT_REGION] }).get(IdentityService).ensureUser({ username: supervisor2, password: supervisor2, roles: ['supervisor'] });
  });

  it('accepts the application, shows the deadline not counted with the reason, and counts it when the year is entered', async () => {
    // given a restaurant application of the city deferring the food-safety rules (食品经营许可: promised in 7 working days)
    // and leaving out the premises proof (招牌: promised in 5), the company's business licence on file
    const creditCode = newCreditCode();
    const licence = await t.http.post('/api/v1/certificates').set('X-API-Key', key).send({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
      holder: { codeType: '001', code: creditCode, name: '小笼包餐饮有限公司' }, data: { companyName: '小笼包餐饮有限公司', creditCode },
    });
    expect(licence.status).toBe(201);
    const plan = await t.http.post('/api/v1/attachments').set('X-API-Key', key).attach('file', PDF, '平面图.pdf');
    const materials = [['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图']]
      .map(([item, name]) => ({ item, name, attachmentId: plan.body.id }));

    // when it is submitted on Thursday 24 December
    const response = await t.http.post('/api/v1/applications').set('X-API-Key', key).send({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
      deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }],
    });

    // then it is accepted: 招牌's five days (25, 28–31 December) end on Thursday 31 December; 食品's seven reach 2027, not counted, and say why
    expect([response.status, response.body.message]).toEqual([201, undefined]);
    const id = response.body.id as string;
    const food = { item: 'SH-SCJG-001', name: '食品安全管理制度' };
    const premises = { item: 'SH-LHSR-014', name: '场所使用证明', deadline: '2026-12-31T15:59:59.999Z', deadlineDate: '2026-12-31' };
    expect(response.body.deferredMaterials).toEqual([
      { ...food, deadline: null, deadlineDate: null, deadlineProblem: expect.stringContaining('no holidays for 2027'), declared: true },
      { ...premises, declared: false },
    ]);
    expect(response.body.notice.message.zh).toContain('食品安全管理制度，补交期限待所涉年度的工作日历录入后计算并告知');
    expect(response.body.notice.message.zh).toContain('场所使用证明，请于 2026-12-31 前补交');

    // and the case's view shows the same, nothing overdue; only the counted deadline is scheduled
    const viewer = `Bearer ${await t.token(admin)}`;
    const view = await t.http.get(`/api/v1/applications/${id}`).set('Authorization', viewer);
    expect(view.status).toBe(200);
    expect(view.body.deferredMaterials).toEqual([
      { ...food, deadline: null, deadlineDate: null, deadlineProblem: expect.stringContaining('cannot be counted until the 2027 calendar is entered'), overdue: false },
      { ...premises, overdue: false },
    ]);
    const deadlines = async () => (await db().query(
      `SELECT payload->>'material' AS material, available_at FROM outbox WHERE topic = 'catalog.deferred-material-deadline' AND payload->>'applicationId' = $1 ORDER BY available_at`, [id],
    )).map((r: { material: string; available_at: Date }) => [r.material, r.available_at.toISOString()]);
    expect(await deadlines()).toEqual([['场所使用证明', '2026-12-31T15:59:59.999Z']]);
    const marked = async () => (await db().query(`SELECT uncounted_since FROM application WHERE id = $1`, [id]))[0].uncounted_since as Date | null;
    expect(await marked()).toEqual(new Date('2026-12-24T02:00:00Z'));

    // when the city's admin enters 2027 with New Year's Day off (test data)
    const put = await t.http.put(`/api/v1/calendars/${city}/years/2027`).set('Authorization', viewer).send({ holidays: ['2027-01-01'], workdays: [] });
    expect(put.status).toBe(200);

    // then 食品's deadline is counted from the acceptance (25, 28–31 December, 4 and 5 January): Tuesday 5 January, shown and scheduled
    const counted = { ...food, deadline: '2027-01-05T15:59:59.999Z', deadlineDate: '2027-01-05' };
    const after = await t.http.get(`/api/v1/applications/${id}`).set('Authorization', viewer);
    expect(after.body.deferredMaterials).toEqual([{ ...counted, overdue: false }, { ...premises, overdue: false }]);
    expect(await deadlines()).toEqual([['场所使用证明', '2026-12-31T15:59:59.999Z'], ['食品安全管理制度', '2027-01-05T15:59:59.999Z']]);
    // and the case is no longer marked: every count of it is made
    expect(await marked()).toBeNull();

    // when the year is entered again, unchanged, nothing is scheduled twice
    expect((await t.http.put(`/api/v1/calendars/${city}/years/2027`).set('Authorization', viewer).send({ holidays: ['2027-01-01'], workdays: [] })).status).toBe(200);
    expect(await deadlines()).toHaveLength(2);
  });

  it('keeps a deadline the applicant asked for before the unknown year: it is counted at once', async () => {
    // given the same day and a company asking to hand the food-safety rules in by Wednesday 30 December
    const creditCode = newCreditCode();
    await t.http.post('/api/v1/certificates').set('X-API-Key', key).send({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
      holder: { codeType: '001', code: creditCode, name: '小笼包餐饮有限公司' }, data: { companyName: '小笼包餐饮有限公司', creditCode },
    });
    const plan = await t.http.post('/api/v1/attachments').set('X-API-Key', key).attach('file', PDF, '平面图.pdf');
    const materials = [['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-LHSR-014', '场所使用证明'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图']]
      .map(([item, name]) => ({ item, name, attachmentId: plan.body.id }));

    // when it is submitted
    const response = await t.http.post('/api/v1/applications').set('X-API-Key', key).send({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
      deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度', deadline: '2026-12-30' }],
    });

    // then the asked date is the deadline: the item's limit, whatever it is, ends after it
    expect(response.status).toBe(201);
    expect(response.body.deferredMaterials).toEqual([{ item: 'SH-SCJG-001', name: '食品安全管理制度', deadline: '2026-12-30T15:59:59.999Z', deadlineDate: '2026-12-30', declared: true }]);
  });

  it('returns a case for correction (补正) and directs its department (督办), neither time counted, and counts both when the year is entered', async () => {
    // given a restaurant case of the city with every material handed in, on Thursday 24 December
    clock.set('2026-12-24T02:00:00Z');
    const creditCode = newCreditCode();
    await t.http.post('/api/v1/certificates').set('X-API-Key', key2).send({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
      holder: { codeType: '001', code: creditCode, name: '小笼包餐饮有限公司' }, data: { companyName: '小笼包餐饮有限公司', creditCode },
    });
    const plan = await t.http.post('/api/v1/attachments').set('X-API-Key', key2).attach('file', PDF, '平面图.pdf');
    const materials = [['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-SCJG-001', '食品安全管理制度'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-LHSR-014', '场所使用证明'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图']]
      .map(([item, name]) => ({ item, name, attachmentId: plan.body.id }));
    const accepted = await t.http.post('/api/v1/applications').set('X-API-Key', key2).send({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
    });
    expect(accepted.status).toBe(201);
    const id = accepted.body.id as string;
    let taskId: string | undefined;
    for (let i = 0; i < 100 && !taskId; i++) {
      [{ id: taskId } = { id: undefined }] = await db().query(`SELECT id FROM task WHERE instance_id = $1 AND element_id = 'Task_SH_SCJG_001_approve' AND state = 'open'`, [accepted.body.processInstanceId]);
      if (!taskId) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // when the city's market-regulation clerk asks for a correction within 6 working days (25, 28–31 December, then one in 2027)
    const asked = await t.http.post(`/api/v1/tasks/${taskId}/correction`).set('Authorization', `Bearer ${await t.token(clerk)}`)
      .send({ items: [{ field: 'premises.areaM2', reason: '面积与平面图不符' }], deadlineDays: 6 });

    // then the request is made (it was 422), its deadline not counted, with the reason, in the task and in the applicant's view
    expect([asked.status, asked.body.message]).toEqual([200, undefined]);
    expect(asked.body.correction).toMatchObject({ state: 'open', deadlineDate: null, deadline: null, deadlineProblem: expect.stringContaining('no holidays for 2027') });
    const viewer = `Bearer ${await t.token(admin2)}`;
    const view = await t.http.get(`/api/v1/applications/${id}`).set('Authorization', viewer);
    expect(view.body.correction).toMatchObject({ deadlineDate: null, deadline: null, deadlineProblem: expect.stringContaining('2027') });
    const deadlineMessages = async () => (await db().query(`SELECT available_at FROM outbox WHERE topic = 'catalog.correction-deadline' AND payload->>'correctionId' = ANY(SELECT id::text FROM case_correction WHERE application_id = $1)`, [id]))
      .map((r: { available_at: Date }) => r.available_at.toISOString());
    expect(await deadlineMessages()).toEqual([]);

    // when the city's supervisor directs the department to reply within 6 working days
    const directed = await t.http.post(`/api/v1/supervision/cases/${id}/directives`).set('Authorization', `Bearer ${await t.token(supervisor2)}`)
      .send({ comment: '请说明进度并按时办结。', replyWithinDays: 6, department: 'market-regulation' });

    // then the directive is given (it was 422), open, its reply time not counted, with the reason
    expect(directed.status).toBe(201);
    const [directive] = directed.body.items;
    expect(directive).toMatchObject({ state: 'open', dueAt: null, dueProblem: expect.stringContaining('no holidays for 2027') });

    // when the city's admin enters 2027 with New Year's Day off (test data)
    expect((await t.http.put(`/api/v1/calendars/${city2}/years/2027`).set('Authorization', viewer).send({ holidays: ['2027-01-01'], workdays: [] })).status).toBe(200);

    // then the deadline is counted from the request: Monday 4 January 2027, shown, and its message scheduled just after it
    const counted = await t.http.get(`/api/v1/applications/${id}`).set('Authorization', viewer);
    expect(counted.body.correction).toMatchObject({ deadlineDate: '2027-01-04', deadline: '2027-01-04T15:59:59.999Z' });
    expect(counted.body.correction.deadlineProblem).toBeUndefined();
    expect(await deadlineMessages()).toEqual(['2027-01-04T16:00:00.000Z']);
    // and the directive is due at the end of Monday 4 January
    const directives = await t.http.get(`/api/v1/directives?applicationId=${id}`).set('Authorization', `Bearer ${await t.token(supervisor2)}`);
    expect(directives.body.items).toEqual([expect.objectContaining({ id: directive.id, dueAt: '2027-01-04T15:59:59.999Z', dueProblem: null, state: 'open' })]);
  });
});
