import { TestClock } from '@tongban/runtime';
import { BundleClient, newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

describe('the clock of a case', () => {
  const clock = new TestClock('2026-11-27T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  /** An open-restaurant case accepted now: 食品经营许可 (7/20 working days), 招牌 (5/20), 消防 (5/10). */
  async function acceptRestaurant(): Promise<{ id: string; processInstanceId: string }> {
    const creditCode = newCreditCode();
    await b.registerCertificate({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2028-10-31',
      holder: { codeType: '001', code: creditCode, name: '上海小笼包餐饮有限公司' }, data: { companyName: '上海小笼包餐饮有限公司', creditCode },
    });
    const plan = await b.upload(PDF, '平面图.pdf');
    const materials = [
      ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-SCJG-001', '食品安全管理制度'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
    ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));
    const response = await b.submit({ bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials });
    expect(response.status).toBe(201);
    return response.body as { id: string; processInstanceId: string };
  }

  const read = async (id: string, as = 'supervisor') => t.http.get(`/api/v1/applications/${id}/clock`).set('Authorization', await api.as(as));
  const item = (body: { items: { item: string; status?: string }[] }, code: string) => body.items.find((i) => i.item === code);

  it('pauses and resumes an item\'s clock across a month end, moving its due date by the paused working days, and warns as the end nears', async () => {
    // given a case accepted on Friday 27 November 2026, 10:00 Beijing time
    clock.set('2026-11-27T02:00:00Z');
    const { id, processInstanceId } = await acceptRestaurant();
    const accepted = await read(id);
    expect(accepted.status).toBe(200);
    expect(accepted.body.case).toMatchObject({ criticalItem: 'SH-SCJG-001', dueDate: '2026-12-08', legalDueDate: '2026-12-25', status: 'normal' });
    expect(item(accepted.body, 'SH-XF-003')).toMatchObject({ elapsedDays: 0, remainingDays: 5, dueDate: '2026-12-04', legalDueDate: '2026-12-11' });

    // when the fire department pauses its item for an inspection on Monday 30 November and resumes on Thursday 3 December
    clock.set('2026-11-30T02:00:00Z');
    const fire = await api.as('clerk.fire-rescue');
    const paused = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', fire).send({ kind: 'inspection', item: 'SH-XF-003', reason: '现场核查' });
    const again = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', fire).send({ kind: 'hearing', item: 'SH-XF-003', reason: '听证' });
    clock.set('2026-12-03T02:00:00Z');
    const resumed = await t.http.post(`/api/v1/applications/${id}/clock/pauses/${paused.body.id}/resume`).set('Authorization', fire);
    const after = await read(id, 'clerk.fire-rescue');

    // then the paused days (1, 2, 3 December) do not count and move the due date from 4 to 9 December
    expect(paused.status).toBe(201);
    expect(paused.body).toMatchObject({ item: 'SH-XF-003', kind: 'inspection', pausedAt: '2026-11-30T02:00:00.000Z', resumedAt: null });
    expect(again.status).toBe(409);
    expect(resumed.status).toBe(200);
    expect(resumed.body.resumedAt).toBe('2026-12-03T02:00:00.000Z');
    expect(item(after.body, 'SH-XF-003')).toMatchObject({ pausedDays: 3, elapsedDays: 1, remainingDays: 4, dueDate: '2026-12-09', legalDueDate: '2026-12-16', status: 'normal', paused: false });
    // the signboard item, never paused, has one day left: yellow; the case follows its worst running item
    expect(item(after.body, 'SH-LHSR-014')).toMatchObject({ elapsedDays: 4, remainingDays: 1, dueDate: '2026-12-04', status: 'yellow' });
    expect(after.body.case).toMatchObject({ criticalItem: 'SH-XF-003', dueDate: '2026-12-09', status: 'yellow' });
    expect(after.body.pauses).toHaveLength(1);
    const events = (await api.history(processInstanceId)).filter((e) => e.type.startsWith('clock.'));
    expect(events).toEqual([
      expect.objectContaining({ type: 'clock.paused', actor: 'clerk.fire-rescue', at: '2026-11-30T02:00:00.000Z', data: expect.objectContaining({ item: 'SH-XF-003', kind: 'inspection', reason: '现场核查' }) }),
      expect.objectContaining({ type: 'clock.resumed', actor: 'clerk.fire-rescue', at: '2026-12-03T02:00:00.000Z', data: expect.objectContaining({ pauseId: paused.body.id }) }),
    ]);

    // when the clock reaches the signboard item's due day, then passes it
    clock.set('2026-12-04T02:00:00Z');
    const dueDay = await read(id);
    clock.set('2026-12-07T02:00:00Z');
    const late = await read(id);

    // then
    expect(item(dueDay.body, 'SH-LHSR-014')?.status).toBe('red');
    expect(item(late.body, 'SH-LHSR-014')).toMatchObject({ status: 'overdue', remainingDays: -1 });
    expect(late.body.case.status).toBe('overdue');
  });

  it('refuses what is not the caller\'s to pause or resume, a pause resumed twice and an unknown item, changing nothing', async () => {
    // given a case with a pause of the fire department's item
    clock.set('2026-11-27T02:00:00Z');
    const { id } = await acceptRestaurant();
    const supervisor = await api.as('supervisor');
    const pause = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', supervisor).send({ kind: 'expert-review', item: 'SH-XF-003', reason: '专家评审' });
    const market = await api.as('clerk.market-regulation');

    // when
    const otherDepartment = await t.http.post(`/api/v1/applications/${id}/clock/pauses/${pause.body.id}/resume`).set('Authorization', market);
    const wholeCaseByClerk = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', market).send({ kind: 'hearing', reason: '听证' });
    const unknownItem = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', supervisor).send({ kind: 'hearing', item: 'NO-SUCH', reason: '听证' });
    const badKind = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', supervisor).send({ kind: 'Expert Review!', reason: 'x' });
    const first = await t.http.post(`/api/v1/applications/${id}/clock/pauses/${pause.body.id}/resume`).set('Authorization', supervisor);
    const second = await t.http.post(`/api/v1/applications/${id}/clock/pauses/${pause.body.id}/resume`).set('Authorization', supervisor);
    const outsider = await read(id, 'clerk.civil-affairs');
    const clock_ = await read(id);

    // then
    expect(otherDepartment.status).toBe(403);
    expect(wholeCaseByClerk.status).toBe(403);
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.body.details.errors[0]).toMatchObject({ field: 'item', reason: 'unknown' });
    expect(badKind.status).toBe(400);
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(outsider.status).toBe(404);
    expect(clock_.body.pauses).toEqual([expect.objectContaining({ id: pause.body.id, kind: 'expert-review' })]);
  });
});
