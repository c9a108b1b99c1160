import { composeBundle } from '../compose/compose-bundle';
import { chineseDaysCalendar } from '../calendar/chinese-days.calendar';
import type { Certificate } from '../certificates/certificate.types';
import { countDeferredDeadlines, deferredDeadline, resolveMaterials, type ApplicationMaterials } from './resolve-materials';
import { buildOneTimeNotice } from './one-time-notice';
import { shippedBundle, shippedCatalog } from '../../test/shipped-catalog';
import { BABY_FORM, FATHER_ID, MOTHER_ID, RESTAURANT_FORM } from '../../test/sample-forms';

const CN_MAINLAND_2026 = chineseDaysCalendar([2026]);

const composed = (code: string) => composeBundle(shippedBundle(code), shippedCatalog().items);
const now = new Date('2026-11-20T02:00:00Z'); // Friday 10:00 in Beijing
const CREDIT_CODE = RESTAURANT_FORM['company.creditCode'];

function certificate(id: string, type: string, holderCode: string, extra: Partial<Certificate> = {}): Certificate {
  return {
    id, type, number: id, issuer: 'x', issuedAt: '2025-01-01T00:00:00Z',
    holder: { codeType: holderCode.length === 18 && /[A-Z]/.test(holderCode.slice(0, 17)) ? '001' : '111', code: holderCode, name: 'h' },
    data: {}, status: 'valid', ...extra,
  };
}

const company = { type: 'company', code: CREDIT_CODE, name: '上海小笼包餐饮有限公司' };
const mother = { type: 'citizen', code: MOTHER_ID, name: '张丽' };

describe('resolveMaterials', () => {
  it('exempts every business-licence material of open-restaurant with evidence and takes uploads', () => {
    // given
    const application: ApplicationMaterials = {
      applicant: company, form: RESTAURANT_FORM,
      materials: [
        { item: 'SH-SCJG-001', name: '法定代表人身份证明', attachmentId: 'a1' },
        { item: 'SH-SCJG-001', name: '经营场所平面布局图', attachmentId: 'a2' },
        { item: 'SH-LHSR-014', name: '招牌设计效果图', attachmentId: 'a3' },
        { item: 'SH-XF-003', name: '消防安全制度', attachmentId: 'a4' },
        { item: 'SH-XF-003', name: '场所平面图', attachmentId: 'a5' },
      ],
      deferred: [{ item: 'SH-LHSR-014', name: '场所使用证明' }],
    };

    // when
    const result = resolveMaterials({
      bundle: composed('open-restaurant'), application, now, calendar: CN_MAINLAND_2026,
      heldCertificates: [certificate('bl-1', 'business-licence', CREDIT_CODE, { validUntil: '2045-12-31' })],
    });

    // then
    expect(result.exemptMaterials).toEqual(['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003'].map((item) => ({
      item, name: '营业执照', certificateId: 'bl-1', certificateType: 'business-licence', checkedAt: '2026-11-20T02:00:00.000Z',
    })));
    expect(result.uploadedMaterials).toHaveLength(5);
    expect(result.missingMaterials).toEqual([]);
    expect(result.pendingMaterials).toEqual([]);
    // promised 7 and 5 working days from Friday 20 Nov: Tue 1 Dec and Fri 27 Nov, end of day Beijing time
    expect(result.deferredMaterials).toEqual([
      { item: 'SH-SCJG-001', name: '食品安全管理制度', deadline: '2026-12-01T15:59:59.999Z', deadlineDate: '2026-12-01', declared: false },
      { item: 'SH-LHSR-014', name: '场所使用证明', deadline: '2026-11-27T15:59:59.999Z', deadlineDate: '2026-11-27', declared: true },
    ]);
  });

  it('marks new-baby certificates issued by earlier steps as pending and checks ID cards against the parents in the form', () => {
    // given: the mother applies; both parents' ID cards and the parents' household register (without the baby) are on file
    const application: ApplicationMaterials = {
      applicant: mother, form: BABY_FORM,
      materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: 'photo' }],
    };
    const heldCertificates = [
      certificate('id-m', 'id-card', MOTHER_ID),
      certificate('id-f', 'id-card', FATHER_ID),
      certificate('hr-old', 'household-register', MOTHER_ID),
    ];

    // when
    const result = resolveMaterials({ bundle: composed('new-baby'), application, heldCertificates, now, calendar: CN_MAINLAND_2026 });

    // then
    expect(result.exemptMaterials.map((e) => [e.item, e.name, e.certificateId])).toEqual([
      ['WJ-CSYX-001', '母亲身份证', 'id-m'],
      ['WJ-CSYX-001', '父亲身份证', 'id-f'],
      ['GA-HJ-021', '父母居民户口簿', 'hr-old'],
    ]);
    expect(result.pendingMaterials).toEqual([
      { item: 'GA-HJ-021', name: '出生医学证明', certificateType: 'birth-medical-certificate', issuedBy: 'WJ-CSYX-001' },
      { item: 'YB-CB-007', name: '居民户口簿', certificateType: 'household-register', issuedBy: 'GA-HJ-021' },
      { item: 'RS-SBK-002', name: '居民户口簿', certificateType: 'household-register', issuedBy: 'GA-HJ-021' },
    ]);
    expect(result.deferredMaterials.map((d) => [d.item, d.name])).toEqual([['WJ-CSYX-001', '结婚证'], ['GA-HJ-021', '结婚证']]);
    expect(result.missingMaterials).toEqual([]);
  });

  it('does not let the mother\'s ID card stand for the father\'s when the form names no father', () => {
    // given
    const { 'father.idNumber': _, ...form } = BABY_FORM;
    const application: ApplicationMaterials = { applicant: mother, form, materials: [] };

    // when
    const result = resolveMaterials({ bundle: composed('new-baby'), application, heldCertificates: [certificate('id-m', 'id-card', MOTHER_ID)], now, calendar: CN_MAINLAND_2026 });

    // then
    expect(result.exemptMaterials.map((e) => e.name)).toEqual(['母亲身份证']);
    expect(result.deferredMaterials.map((d) => d.name)).toContain('父亲身份证');
  });

  it('does not exempt with an expired, revoked or someone else\'s certificate, and says why', () => {
    // given
    const application: ApplicationMaterials = { applicant: company, form: RESTAURANT_FORM, materials: [] };
    const expired = certificate('bl-old', 'business-licence', CREDIT_CODE, { validUntil: '2026-11-19' });
    const revoked = certificate('bl-rev', 'business-licence', CREDIT_CODE, { status: 'revoked', issuedAt: '2024-01-01T00:00:00Z' });
    const others = certificate('bl-other', 'business-licence', '9144030071526726XG');

    // when
    const result = resolveMaterials({ bundle: composed('open-restaurant'), application, heldCertificates: [others, revoked, expired], now, calendar: CN_MAINLAND_2026 });

    // then
    expect(result.exemptMaterials).toEqual([]);
    expect(result.missingMaterials.filter((m) => m.name === '营业执照').map((m) => m.certificate)).toEqual([
      { id: 'bl-old', status: 'expired' }, { id: 'bl-old', status: 'expired' }, { id: 'bl-old', status: 'expired' },
    ]);
  });

  it('lists every missing key material of every item and refuses to defer a key material', () => {
    // given
    const application: ApplicationMaterials = {
      applicant: company, form: RESTAURANT_FORM, materials: [{ item: 'SH-XF-003', name: '不存在的材料', attachmentId: 'x' }],
      deferred: [{ item: 'SH-XF-003', name: '消防安全制度' }],
    };

    // when
    const result = resolveMaterials({ bundle: composed('open-restaurant'), application, heldCertificates: [], now, calendar: CN_MAINLAND_2026 });

    // then
    expect(result.missingMaterials.map((m) => [m.item, m.name, m.reason])).toEqual([
      ['SH-SCJG-001', '营业执照', 'not-provided'],
      ['SH-SCJG-001', '法定代表人身份证明', 'not-provided'],
      ['SH-SCJG-001', '经营场所平面布局图', 'not-provided'],
      ['SH-LHSR-014', '营业执照', 'not-provided'],
      ['SH-LHSR-014', '招牌设计效果图', 'not-provided'],
      ['SH-XF-003', '营业执照', 'not-provided'],
      ['SH-XF-003', '消防安全制度', 'key-material-not-deferrable'],
      ['SH-XF-003', '场所平面图', 'not-provided'],
    ]);
    expect(result.unknownMaterials).toEqual([{ item: 'SH-XF-003', name: '不存在的材料' }]);
  });

  it('keeps a shorter deadline the applicant commits to and caps a longer one at the promised limit', () => {
    // given
    const application: ApplicationMaterials = {
      applicant: mother, form: BABY_FORM, materials: [],
      deferred: [{ item: 'WJ-CSYX-001', name: '结婚证', deadline: '2026-12-31' }, { item: 'GA-HJ-021', name: '结婚证', deadline: '2026-11-20' }],
    };

    // when
    const result = resolveMaterials({ bundle: composed('new-baby'), application, heldCertificates: [], now, calendar: CN_MAINLAND_2026 });

    // then: health promises 1 working day (Mon 23 Nov); the registration's 3 days would allow Wed 25 Nov
    expect(result.deferredMaterials.filter((d) => d.name === '结婚证').map((d) => d.deadline)).toEqual([
      '2026-11-23T15:59:59.999Z', '2026-11-20T15:59:59.999Z',
    ]);
  });
});

describe('buildOneTimeNotice', () => {
  it('lists every missing material of every item in one Chinese and English message', () => {
    // given
    const bundle = composed('new-baby');
    const resolution = resolveMaterials({
      bundle, application: { applicant: mother, form: BABY_FORM, materials: [] }, now, calendar: CN_MAINLAND_2026,
      heldCertificates: [certificate('id-m', 'id-card', MOTHER_ID, { validUntil: '2026-01-01' })],
    });

    // when
    const notice = buildOneTimeNotice(bundle, resolution);

    // then
    expect(notice.complete).toBe(false);
    expect(notice.missing.map((m) => [m.item, m.name])).toEqual([
      ['WJ-CSYX-001', '母亲身份证'], ['GA-HJ-021', '父母居民户口簿'], ['RS-SBK-002', '免冠照片'],
    ]);
    expect(notice.message.zh).toBe([
      '一次性告知：您申请的「出生一件事 / A new baby」尚缺以下 3 项材料，请一次补齐后重新提交：',
      '1. 「出生医学证明签发」：母亲身份证（电子证照无效（已过期、暂扣、撤销、注销或持证人不符），请提交有效证照或上传材料）',
      '2. 「出生登记(户口登记)」：父母居民户口簿（未提交）',
      '3. 「社会保障卡申领」：免冠照片（未提交）',
    ].join('\n'));
    expect(notice.message.en.split('\n')[3]).toBe('3. 社会保障卡申领 (RS-SBK-002): 免冠照片: not provided');
  });

  it('accepts a complete application and lists what is to follow', () => {
    // given
    const bundle = composed('open-restaurant');
    const resolution = { exemptMaterials: [], pendingMaterials: [], uploadedMaterials: [], missingMaterials: [], unknownMaterials: [],
      deferredMaterials: [{ item: 'SH-SCJG-001', name: '食品安全管理制度', deadline: '2026-11-30T15:59:59.999Z', deadlineDate: '2026-11-30', declared: false }] };

    // when
    const notice = buildOneTimeNotice(bundle, resolution);

    // then
    expect(notice.complete).toBe(true);
    expect(notice.message.zh).toContain('1. 「食品经营许可(新办)」：食品安全管理制度，请于 2026-11-30 前补交');
  });
});

describe('deferredDeadline at the end of a year the calendar knows', () => {
  // 食品经营许可: 7 working days promised; Thursday 24 December 2026, 10:00 in Beijing
  const food = shippedCatalog().items.find((i) => i.code === 'SH-SCJG-001')!;
  const christmasEve = new Date('2026-12-24T02:00:00Z');
  const with2027 = { ...CN_MAINLAND_2026, years: [2026, 2027], holidays: [...CN_MAINLAND_2026.holidays, '2027-01-01'] };

  it('is not counted, and says why, when the limit reaches the unknown year', () => {
    expect(deferredDeadline(food, christmasEve, undefined, CN_MAINLAND_2026)).toEqual({ problem: expect.stringContaining('no holidays for 2027'), year: 2027 });
  });

  it('takes an asked date before the first unknown day: the limit ends after it', () => {
    expect(deferredDeadline(food, christmasEve, '2026-12-30', CN_MAINLAND_2026)).toEqual({ deadline: '2026-12-30T15:59:59.999Z', deadlineDate: '2026-12-30' });
  });

  it('leaves an asked date in the unknown year uncounted: which comes first cannot be known', () => {
    expect(deferredDeadline(food, christmasEve, '2027-01-04', CN_MAINLAND_2026)).toMatchObject({ year: 2027 });
  });

  it('counts the limit once the year is known, the earlier of it and the asked date winning', () => {
    expect(deferredDeadline(food, christmasEve, undefined, with2027)).toEqual({ deadline: '2027-01-05T15:59:59.999Z', deadlineDate: '2027-01-05' });
    expect(deferredDeadline(food, christmasEve, '2027-01-04', with2027)).toEqual({ deadline: '2027-01-04T15:59:59.999Z', deadlineDate: '2027-01-04' });
  });

  it('lists the material at acceptance without a deadline, and counts it with countDeferredDeadlines from the acceptance', () => {
    // given an application deferring the food-safety rules on Christmas Eve, no 2027 calendar
    const application: ApplicationMaterials = {
      applicant: company, form: RESTAURANT_FORM,
      materials: [
        { item: 'SH-SCJG-001', name: '法定代表人身份证明', attachmentId: 'a1' }, { item: 'SH-SCJG-001', name: '经营场所平面布局图', attachmentId: 'a2' },
        { item: 'SH-LHSR-014', name: '招牌设计效果图', attachmentId: 'a3' }, { item: 'SH-LHSR-014', name: '场所使用证明', attachmentId: 'a4' },
        { item: 'SH-XF-003', name: '消防安全制度', attachmentId: 'a5' }, { item: 'SH-XF-003', name: '场所平面图', attachmentId: 'a6' },
      ],
      deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }],
    };
    const bundle = composed('open-restaurant');

    // when
    const { deferredMaterials } = resolveMaterials({ bundle, application, heldCertificates: [certificate('bl', 'business-licence', CREDIT_CODE)], now: christmasEve, calendar: CN_MAINLAND_2026 });

    // then
    expect(deferredMaterials).toEqual([{ item: 'SH-SCJG-001', name: '食品安全管理制度', deadline: null, deadlineDate: null, deadlineProblem: expect.stringContaining('2027'), declared: true }]);
    expect(countDeferredDeadlines(deferredMaterials, bundle.items, christmasEve, CN_MAINLAND_2026).counted).toEqual([]);
    expect(countDeferredDeadlines(deferredMaterials, bundle.items, christmasEve, with2027)).toEqual({
      deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度', deadline: '2027-01-05T15:59:59.999Z', deadlineDate: '2027-01-05', declared: true }],
      counted: [{ item: 'SH-SCJG-001', name: '食品安全管理制度', deadline: '2027-01-05T15:59:59.999Z', deadlineDate: '2027-01-05', declared: true }],
    });
  });
});
