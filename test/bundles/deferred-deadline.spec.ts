import { TestClock } from '@tongban/runtime';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, newCreditCode, restaurantForm } from './bundle-fixtures';

describe('容缺 deadlines and certificate checks read the clock', () => {
  const clock = new TestClock('2026-09-30T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  it('counts the promised working days of a deferred material from the clock, across the National Day holidays', async () => {
    // given: on Wednesday 30 September 2026, 10:00 Beijing time, a company holding a business licence
    const creditCode = newCreditCode();
    const licence = await b.registerBusinessLicence(creditCode, '2026-10-31');

    // when
    const { response } = await b.submitRestaurant(creditCode);

    // then: seven working days after 1–7 October are 8, 9, 10 (a make-up Saturday), 12, 13, 14 and 15 October
    expect(response.status).toBe(201);
    const deferred = response.body.deferredMaterials.find((d: { item: string; name: string }) => d.name === '食品安全管理制度');
    expect(deferred).toMatchObject({ item: 'SH-SCJG-001', deadlineDate: '2026-10-15' });
    expect(response.body.exemptMaterials.map((e: { certificateId: string }) => e.certificateId)).toContain(licence.id);
  });

  it('no longer exempts a material with a certificate that the clock has passed the validity of', async () => {
    // given: a licence valid until 31 October 2026, and the clock in November
    const creditCode = newCreditCode();
    await b.registerCertificate({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2026-10-31',
      holder: { codeType: '001', code: creditCode, name: '上海小笼包餐饮有限公司' }, data: { companyName: '上海小笼包餐饮有限公司', creditCode },
    });
    clock.set('2026-11-02T02:00:00Z');

    // when
    const response = await b.submit({ bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials: [] });

    // then: the licence is asked for like every other missing key material
    expect(response.status).toBe(422);
    const missing = response.body.details.notice.missing.map((m: { item: string; name: string }) => `${m.item}:${m.name}`);
    expect(missing).toEqual(expect.arrayContaining(['SH-SCJG-001:营业执照', 'SH-LHSR-014:营业执照', 'SH-XF-003:营业执照']));
  });
});
