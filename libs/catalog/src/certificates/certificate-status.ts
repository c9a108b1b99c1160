import type { Certificate, CertificateStatus } from './certificate.types';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a certificate stops being valid: a date means the end of that day, Beijing time. */
export function expiresAt(validUntil: string): Date {
  if (DATE_ONLY.test(validUntil)) return new Date(`${validUntil}T23:59:59.999+08:00`);
  return new Date(validUntil);
}

/**
 * The status of a certificate at `now`: a suspended, revoked or cancelled certificate keeps that
 * status; a valid one is expired once `now` is past `validUntil`.
 */
export function statusAt(certificate: Pick<Certificate, 'status' | 'validUntil'>, now: Date): CertificateStatus {
  if (certificate.status !== 'valid') return certificate.status;
  if (certificate.validUntil && now.getTime() > expiresAt(certificate.validUntil).getTime()) return 'expired';
  return 'valid';
}
