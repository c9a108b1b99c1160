import { CatalogError } from '../catalog.errors';
import { formatCertificateId, isValidCertificateId, parseCertificateId } from './certificate-id';
import { CERTIFICATE_STATUS_CODES } from './certificate.types';
import { statusAt } from './certificate-status';
import { isValidMod3736, mod3736CheckChar } from './iso7064';
import { certificateHolder } from './certificate-holder';
import { issueCertificate } from './issue-certificate';
import { shippedCatalog } from '../../test/shipped-catalog';
import { BABY_FORM } from '../../test/sample-forms';

describe('ISO/IEC 7064 MOD 37,36', () => {
  it('gives the standard example check character', () => {
    expect(mod3736CheckChar('A12425GABC1234002')).toBe('M');
    expect(isValidMod3736('A12425GABC1234002M')).toBe(true);
  });

  it('detects a substitution and an adjacent transposition', () => {
    expect(isValidMod3736('A12425GABC1234003M')).toBe(false);
    expect(isValidMod3736('A12425GABC1243002M')).toBe(false);
  });
});

describe('certificate identifiers', () => {
  it('formats 1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check> and parses it back', () => {
    // when
    const id = formatCertificateId({ typeCode: '2002', issuerCode: '310000SCJG', serial: '00000042', version: 1 });

    // then
    expect(id).toBe('1.2.156.3005.2.2002.310000SCJG.00000042.1.H');
    expect(parseCertificateId(id)).toEqual({ typeCode: '2002', issuerCode: '310000SCJG', serial: '00000042', version: 1 });
  });

  it('rejects a wrong check character, a changed serial and malformed identifiers', () => {
    // given
    const id = formatCertificateId({ typeCode: '1201', issuerCode: '310000WJ', serial: '7', version: 2 });
    const wrongCheck = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
    const changedSerial = id.replace('.7.2.', '.8.2.');

    // then
    expect(isValidCertificateId(id)).toBe(true);
    expect(() => parseCertificateId(wrongCheck)).toThrow(CatalogError);
    expect(() => parseCertificateId(wrongCheck)).toThrow('has a wrong check character');
    expect(isValidCertificateId(changedSerial)).toBe(false);
    expect(isValidCertificateId('1.2.156.3005.2.1201.310000WJ.7.2')).toBe(false);
    expect(isValidCertificateId('1.2.840.1201.310000WJ.7.2.X')).toBe(false);
    expect(isValidCertificateId('1.2.156.3005.2.1201.310000WJ.7.0.X')).toBe(false);
  });

  it('refuses to format parts with dots', () => {
    expect(() => formatCertificateId({ typeCode: '12.01', issuerCode: 'X', serial: '1', version: 1 })).toThrow(expect.objectContaining({ code: 'CERTIFICATE_ID_INVALID' }));
  });
});

describe('certificate status', () => {
  const now = new Date('2026-11-22T04:00:00Z');

  it('uses the standard status codes', () => {
    expect(CERTIFICATE_STATUS_CODES).toEqual({ valid: '01', suspended: '02', revoked: '03', cancelled: '04', expired: '05' });
  });

  it('is valid through the last day, Beijing time, and expired after it', () => {
    expect(statusAt({ status: 'valid', validUntil: '2026-11-22' }, now)).toBe('valid');
    expect(statusAt({ status: 'valid', validUntil: '2026-11-22' }, new Date('2026-11-22T16:00:00Z'))).toBe('expired');
    expect(statusAt({ status: 'valid', validUntil: '2026-11-22T03:00:00Z' }, now)).toBe('expired');
    expect(statusAt({ status: 'valid' }, now)).toBe('valid');
  });

  it('keeps suspended, revoked and cancelled whatever the date', () => {
    expect(statusAt({ status: 'suspended', validUntil: '2020-01-01' }, now)).toBe('suspended');
    expect(statusAt({ status: 'revoked' }, now)).toBe('revoked');
    expect(statusAt({ status: 'cancelled' }, now)).toBe('cancelled');
  });
});

describe('issueCertificate', () => {
  it('issues a birth medical certificate to the baby the item names as holder, with data from the form', () => {
    // given: the mother applies
    const certificateType = shippedCatalog().certificateTypes.find((t) => t.type === 'birth-medical-certificate')!;
    const item = shippedCatalog().items.find((i) => i.code === 'WJ-CSYX-001')!;
    const holder = certificateHolder(item, certificateType, { code: BABY_FORM['mother.idNumber'], name: '张丽' }, BABY_FORM)!;

    // when
    const cert = issueCertificate({
      certificateType, item: 'WJ-CSYX-001', applicationId: 'app-1', holder, form: BABY_FORM, serial: 42, now: new Date('2026-11-22T04:00:00Z'),
    });

    // then
    expect(cert).toEqual({
      id: expect.stringMatching(/^1\.2\.156\.3005\.2\.1201\.310000WJ\.00000042\.1\.[0-9A-Z]$/),
      type: 'birth-medical-certificate',
      number: '1201310000WJ00000042',
      issuer: '卫生健康委员会',
      issuerCode: '310000WJ',
      issuedAt: '2026-11-22T04:00:00.000Z',
      holder: { codeType: '111', code: BABY_FORM['baby.idNumber'], name: '李小宝' },
      data: {
        babyName: '李小宝', birthDate: '2026-11-20', gender: '女',
        motherIdNumber: BABY_FORM['mother.idNumber'], fatherIdNumber: BABY_FORM['father.idNumber'],
      },
      status: 'valid',
      issuedBy: { item: 'WJ-CSYX-001', applicationId: 'app-1' },
    });
    expect(isValidCertificateId(cert.id)).toBe(true);
  });
});
