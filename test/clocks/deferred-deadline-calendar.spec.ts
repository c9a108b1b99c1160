import { TestClock } from '@tongban/runtime';
import { BundleClient, newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

describe('容缺 deadlines count on the stored calendar', () => {
  const clock = new TestClock('2026-12-24T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  it('refuses an application whose deferred material would be due in a year the calendar does not know, and stores nothing', async () => {
    // given Thursday 24 December 2026, a restaurant application deferring a material of an item promised in 7 working days, and no 2027 calendar
    const creditCode = newCreditCode();
    await b.registerCertificate({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2028-10-31',
      holder: { codeType: '001', code: creditCode, name: '上海小笼包餐饮有限公司' }, data: { companyName: '上海小笼包餐饮有限公司', creditCode },
    });
    const plan = await b.upload(PDF, '平面图.pdf');
    const materials = [
      ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
    ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));

    // when
    const response = await b.submit({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
      deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }],
    });

    // then a clear 422 naming the missing year, not a deadline that counts New Year's Day as a working day
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', details: { calendar: 'cn', year: 2027 } });
    const mine = await t.http.get(`/api/v1/applications?applicantCode=${creditCode}`).set('Authorization', await api.as('supervisor'));
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);
  });
});
