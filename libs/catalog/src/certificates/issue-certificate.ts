import type { CertificateType } from '../catalog/catalog.types';
import { formatCertificateId } from './certificate-id';
import type { Certificate, CertificateHolder } from './certificate.types';

export interface IssueCertificateInput {
  certificateType: CertificateType;
  /** The item whose approval issues it. */
  item: string;
  applicationId?: string;
  /** Who holds it (`certificateHolder`: the item's holder rule, else the applicant). */
  holder: CertificateHolder;
  /** The case's merged form data; the certificate's data fields are filled from it. */
  form: Record<string, unknown>;
  /** The issuer's next serial number for this type (allocated by the caller, e.g. a sequence). */
  serial: string | number;
  version?: number;
  now: Date;
  validUntil?: string;
}

/**
 * Builds the certificate an approved item issues (`tongban.certificate.issue`): identifier from
 * the type and issuer codes and the serial, the given holder, data from the form
 * fields the certificate type maps.
 */
export function issueCertificate(input: IssueCertificateInput): Certificate {
  const t = input.certificateType;
  const serial = String(input.serial).padStart(8, '0');
  const id = formatCertificateId({ typeCode: t.code, issuerCode: t.issuerCode, serial, version: input.version ?? 1 });
  const data: Record<string, unknown> = {};
  for (const f of t.fields) {
    if (f.formField && input.form[f.formField] !== undefined) data[f.key] = input.form[f.formField];
  }
  return {
    id,
    type: t.type,
    number: `${t.code}${t.issuerCode}${serial}`,
    issuer: t.issuer,
    issuerCode: t.issuerCode,
    issuedAt: input.now.toISOString(),
    ...(input.validUntil && { validUntil: input.validUntil }),
    holder: { ...input.holder },
    data,
    status: 'valid',
    issuedBy: { item: input.item, ...(input.applicationId && { applicationId: input.applicationId }) },
  };
}
