import { CatalogError } from '../catalog.errors';
import { mod3736CheckChar } from './iso7064';

/** The fixed arc of e-certificate identifiers (GB/T 36904 style): 1.2.156.3005.2. */
export const CERTIFICATE_ID_PREFIX = '1.2.156.3005.2';

export interface CertificateIdParts {
  typeCode: string;
  issuerCode: string;
  serial: string;
  version: number;
}

const PART = /^[0-9A-Z]+$/;

/**
 * The check character covers every character of the identifier before it, dots left out:
 * ISO/IEC 7064 MOD 37,36 (alphabet 0-9A-Z), so alphanumeric type and issuer codes are protected.
 */
function checkCharOf(parts: string[]): string {
  return mod3736CheckChar(`${CERTIFICATE_ID_PREFIX}.${parts.join('.')}`.replace(/\./g, ''));
}

function invalid(id: string, reason: string): CatalogError {
  return new CatalogError('CERTIFICATE_ID_INVALID', `Certificate identifier "${id}" ${reason}`, { id, reason });
}

/** `1.2.156.3005.2.<type code>.<issuer code>.<serial>.<version>.<check>` */
export function formatCertificateId(parts: CertificateIdParts): string {
  const fields = [parts.typeCode, parts.issuerCode, parts.serial].map((p) => p.toUpperCase());
  for (const f of fields) if (!PART.test(f)) throw invalid(fields.join('.'), `has a part "${f}" that is not alphanumeric`);
  if (!Number.isInteger(parts.version) || parts.version < 1) throw invalid(fields.join('.'), `has version ${parts.version}, not a positive whole number`);
  const body = [...fields, String(parts.version)];
  return `${CERTIFICATE_ID_PREFIX}.${body.join('.')}.${checkCharOf(body)}`;
}

/** Splits an identifier into its parts; throws `CERTIFICATE_ID_INVALID` when malformed or the check character is wrong. */
export function parseCertificateId(id: string): CertificateIdParts {
  if (!id.startsWith(`${CERTIFICATE_ID_PREFIX}.`)) throw invalid(id, `does not start with ${CERTIFICATE_ID_PREFIX}`);
  const parts = id.slice(CERTIFICATE_ID_PREFIX.length + 1).split('.');
  if (parts.length !== 5) throw invalid(id, 'does not have type code, issuer code, serial, version and check character');
  const [typeCode, issuerCode, serial, version, check] = parts;
  if (![typeCode, issuerCode, serial].every((p) => PART.test(p))) throw invalid(id, 'has a part that is not upper-case alphanumeric');
  if (!/^[1-9][0-9]*$/.test(version)) throw invalid(id, 'has a version that is not a positive whole number');
  if (!/^[0-9A-Z]$/.test(check)) throw invalid(id, 'does not end with one check character');
  if (checkCharOf(parts.slice(0, 4)) !== check) throw invalid(id, 'has a wrong check character');
  return { typeCode, issuerCode, serial, version: Number(version) };
}

export function isValidCertificateId(id: string): boolean {
  try {
    parseCertificateId(id);
    return true;
  } catch {
    return false;
  }
}
