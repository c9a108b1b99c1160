import { composeBundle } from '../compose/compose-bundle';
import { chineseDaysCalendar } from '../calendar/chinese-days.calendar';
import { issueCertificate } from '../certificates/issue-certificate';
import type { Certificate } from '../certificates/certificate.types';
import { resolveMaterials } from '../materials/resolve-materials';
import { buildStepView } from './step-view';
import { shippedBundle, shippedCatalog, shippedItem } from '../../test/shipped-catalog';
import { BABY_FORM, BABY_ID, MOTHER_ID } from '../../test/sample-forms';

const CN_MAINLAND_2026 = chineseDaysCalendar([2026]);

const catalog = shippedCatalog();
const now = new Date('2026-11-20T02:00:00Z');
const applicant = { type: 'citizen', code: MOTHER_ID, name: '张丽' };

/** A new-baby case after the birth certificate and the household registration were issued. */
function newBabyCase() {
  const bundle = composeBundle(shippedBundle('new-baby'), catalog.items);
  const idCard: Certificate = {
    id: 'id-m', type: 'id-card', number: 'x', issuer: '公安机关', issuedAt: '2020-01-01T00:00:00Z', validUntil: '2040-01-01',
    holder: { codeType: '111', code: MOTHER_ID, name: '张丽' }, data: { name: '张丽', idNumber: MOTHER_ID }, status: 'valid',
  };
  const issue = (type: string, item: string, serial: number) => issueCertificate({
    certificateType: catalog.certificateTypes.find((t) => t.type === type)!, item, holder: { codeType: '111', code: BABY_FORM['baby.idNumber'], name: BABY_FORM['baby.name'] }, form: BABY_FORM, serial, now,
  });
  const certificates = [idCard, issue('birth-medical-certificate', 'WJ-CSYX-001', 1), issue('household-register', 'GA-HJ-021', 2)];
  const resolution = resolveMaterials({
    bundle, now, calendar: CN_MAINLAND_2026, heldCertificates: [idCard],
    application: { applicant, form: BABY_FORM, materials: [{ item: 'GA-HJ-021', name: '父母居民户口簿', attachmentId: 'att-hr' }, { item: 'RS-SBK-002', name: '免冠照片', attachmentId: 'att-photo' }] },
  });
  return { certificates, resolution };
}

const view = (code: string, stepFields?: string[]) => {
  const { certificates, resolution } = newBabyCase();
  return buildStepView({
    item: shippedItem(code), form: BABY_FORM, dictionary: catalog.fields, certificateTypes: catalog.certificateTypes,
    certificates, resolution, stepFields, now,
  });
};

describe('buildStepView', () => {
  it('shows the medical insurance step only its fields, with the bank account it asks for in clear', () => {
    // when
    const v = view('YB-CB-007');

    // then
    expect(v.department).toBe('medical-insurance');
    expect(v.fields.map((f) => f.key)).toEqual(['baby.name', 'baby.idNumber', 'baby.birthDate', 'household.address', 'bank.account', 'applicant.name', 'applicant.phone']);
    expect(v.fields.find((f) => f.key === 'bank.account')).toMatchObject({ value: '6222020200112233445', masked: false });
    expect(v.fields.some((f) => f.key === 'mother.idNumber')).toBe(false);
  });

  it('gives a later step the certificate an earlier step of the case issued to the baby, with the baby\'s ID number it asks for in clear', () => {
    // when
    const v = view('YB-CB-007');

    // then
    expect(v.materials).toEqual([
      { name: '居民户口簿', key: true, satisfiedBy: 'household-register', status: 'issued', certificateId: expect.stringMatching(/^1\.2\.156\.3005\.2\.1002\./), issuedBy: 'GA-HJ-021' },
    ]);
    expect(v.certificates).toHaveLength(1);
    expect(v.certificates[0]).toMatchObject({
      type: 'household-register', name: '居民户口簿', status: 'valid',
      holder: { codeType: '111', code: BABY_ID, name: '李小宝' },
      data: { address: BABY_FORM['household.address'] },
    });
  });

  it('shows the registration step the birth certificate with the parents\' ID numbers it asks for', () => {
    // when
    const v = view('GA-HJ-021');

    // then
    expect(v.materials.map((m) => [m.name, m.status])).toEqual([['出生医学证明', 'issued'], ['父母居民户口簿', 'uploaded'], ['结婚证', 'deferred']]);
    const birth = v.certificates.find((c) => c.type === 'birth-medical-certificate')!;
    expect(birth.data.motherIdNumber).toBe(MOTHER_ID);
    expect(birth.holder).toEqual({ codeType: '111', code: BABY_ID, name: '李小宝' });
  });

  it('masks a field a designer put on a step whose item does not ask for it', () => {
    // when
    const v = view('RS-SBK-002', [...shippedItem('RS-SBK-002').fields, 'bank.account', 'mother.idNumber']);

    // then
    expect(v.fields.find((f) => f.key === 'bank.account')).toMatchObject({ value: '***************3445', masked: true });
    expect(v.fields.find((f) => f.key === 'mother.idNumber')).toMatchObject({ value: '1101**********002X', masked: true });
    expect(v.materials.map((m) => [m.name, m.status])).toEqual([['居民户口簿', 'issued'], ['免冠照片', 'uploaded']]);
  });

  it('shows the birth-certificate step the ID card it was exempted by, in clear because the step asks for the mother\'s ID number', () => {
    // when
    const v = view('WJ-CSYX-001');

    // then
    expect(v.materials.map((m) => [m.name, m.status, m.certificateId])).toEqual([
      ['母亲身份证', 'exempt', 'id-m'], ['父亲身份证', 'deferred', undefined], ['结婚证', 'deferred', undefined],
    ]);
    expect(v.certificates.map((c) => c.id)).toEqual(['id-m']);
    expect(v.certificates[0].data).toEqual({ name: '张丽', idNumber: MOTHER_ID });
    expect(v.certificates[0].holder.code).toBe(MOTHER_ID);
  });
});
