import type { PiiClass } from '../catalog/catalog.types';

/** The PII classes a step sees masked unless its item asks for the field. */
export const MASKED_PII: readonly PiiClass[] = ['id-number', 'bank-account'];

/**
 * Masks a value of a masked PII class: ID numbers keep the first 6 and last 4 characters
 * (`110105********1234`), bank accounts the last 4. Other classes and non-text values pass through.
 */
export function maskPii(value: unknown, pii: PiiClass | undefined): unknown {
  if (typeof value !== 'string' || !pii || !MASKED_PII.includes(pii)) return value;
  if (pii === 'id-number') {
    if (value.length <= 10) return '*'.repeat(value.length);
    return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
  }
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}
