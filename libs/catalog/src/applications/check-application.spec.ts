import { composeBundle } from '../compose/compose-bundle';
import { mergeForm } from '../form/merge-form';
import { chineseDaysCalendar } from '../calendar/chinese-days.calendar';
import type { Certificate } from '../certificates/certificate.types';
import { checkApplication, type ApplicationInput } from './check-application';
import { shippedBundle, shippedCatalog } from '../../test/shipped-catalog';
import { RESTAURANT_FORM } from '../../test/sample-forms';

const CN_MAINLAND_2026 = chineseDaysCalendar([2026]);

const catalog = shippedCatalog();
const bundle = composeBundle(shippedBundle('open-restaurant'), catalog.items);
const form = mergeForm(bundle.items, catalog.fields);
const now = new Date('2026-11-20T02:00:00Z');
const code = RESTAURANT_FORM['company.creditCode'];
const licence: Certificate = {
  id: 'bl-1', type: 'business-licence', number: 'n', issuer: '市场监督管理局', issuedAt: '2025-01-01T00:00:00Z',
  holder: { codeType: '001', code, name: '上海小笼包餐饮有限公司' }, data: {}, status: 'valid',
};
const uploads = [
  ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'],
  ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
].map(([item, name], i) => ({ item, name, attachmentId: `att-${i}` }));
const application = (extra: Partial<ApplicationInput> = {}): ApplicationInput => ({
  applicant: { type: 'company', code, name: '上海小笼包餐饮有限公司' }, form: RESTAURANT_FORM, materials: uploads, ...extra,
});
const check = (app: ApplicationInput, held: Certificate[] = [licence]) =>
  checkApplication({ bundle, form, application: app, heldCertificates: held, now, calendar: CN_MAINLAND_2026 });

describe('checkApplication', () => {
  it('accepts a complete restaurant application with the business licence exempt three times', () => {
    // when
    const result = check(application());

    // then
    expect(result.outcome).toBe('accepted');
    expect(result.resolution.exemptMaterials).toHaveLength(3);
    expect(result.resolution.missingMaterials).toEqual([]);
  });

  it('refuses an invalid form before looking at materials', () => {
    expect(check(application({ form: { ...RESTAURANT_FORM, 'fire.seats': -1 } })).outcome).toBe('invalid-form');
  });

  it('is incomplete without the licence on file, with one notice for all three items', () => {
    // when
    const result = check(application(), []);

    // then
    expect(result.outcome).toBe('incomplete');
    expect(result.notice.missing.map((m) => m.item)).toEqual(['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003']);
  });

  it('refuses uploads for materials the bundle does not ask for', () => {
    expect(check(application({ materials: [...uploads, { item: 'SH-XF-003', name: '其他', attachmentId: 'z' }] })).outcome).toBe('invalid-materials');
  });
});
