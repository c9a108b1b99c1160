import type { HolderCodeType } from '../catalog/catalog.types';

/** Lifecycle of an e-certificate; `expired` is derived from `validUntil`, never stored. */
export type CertificateStatus = 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired';

/** Status codes of the e-certificate standard. */
export const CERTIFICATE_STATUS_CODES: Record<CertificateStatus, string> = {
  valid: '01',
  suspended: '02',
  revoked: '03',
  cancelled: '04',
  expired: '05',
};

export interface CertificateHolder {
  codeType: HolderCodeType;
  /** Citizen ID number (111) or unified social credit code (001). */
  code: string;
  name: string;
}

/** An e-certificate (电子证照) as stored and returned by `/api/v1/certificates`. */
export interface Certificate {
  /** Storage id; for certificates Tongban issues, the GB/T 36904-style identifier. */
  id: string;
  /** The certificate type (`business-licence`, …). */
  type: string;
  /** The number printed on the certificate (证照编号). */
  number: string;
  issuer: string;
  issuerCode?: string;
  /** ISO 8601 instant. */
  issuedAt: string;
  /** ISO 8601 instant, or a date (`YYYY-MM-DD`) meaning valid through that day, Beijing time. */
  validUntil?: string;
  holder: CertificateHolder;
  data: Record<string, unknown>;
  /** Recorded status: `valid`, `suspended`, `revoked` or `cancelled`. */
  status: Exclude<CertificateStatus, 'expired'>;
  /** The case and item that issued it, when Tongban did. */
  issuedBy?: { applicationId?: string; item: string };
  /** 容缺: issued while deferred materials of its item were still out (the item allows it). */
  conditional?: boolean;
  /** The region whose register holds it: the region that issued or registered it (certificates are national, read everywhere). */
  region?: string;
}
