import type { PiiClass } from '../catalog/catalog.types';

/** The PII classes a step sees masked unless its item asks for the field. */
export const MASKED_PII: readonly PiiClass[] = ['id-number', 'bank-account'];

/** How many leading characters of an address stay readable (province, city, district). */
const ADDRESS_KEPT = 6;

/** Characters, not UTF-16 units: a name or address outside the Basic Multilingual Plane is not split. */
const chars = (value: string): string[] => Array.from(value);

const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/** Keeps `head` leading and `tail` trailing characters; a value too short to keep both is masked whole. */
function keep(value: string, head: number, tail: number): string {
  const c = chars(value);
  if (c.length <= head + tail) return stars(c.length);
  return c.slice(0, head).join('') + stars(c.length - head - tail) + (tail ? c.slice(-tail).join('') : '');
}

/**
 * GB/T 35273 display masking of one personal value by its PII class: ID numbers keep the first 4 and
 * last 4 (`1101**********1234`), phones the first 3 and last 4 (`138****5678`), bank accounts the
 * last 4, names the first character (and the last of three or more: `张*`, `张*三`), addresses their
 * first 6 characters. Values without a class and non-text values pass through.
 */
export function maskPersonal(value: unknown, pii: PiiClass | undefined): unknown {
  if (typeof value !== 'string' || !pii || value === '') return value;
  switch (pii) {
    case 'id-number':
      return keep(value, 4, 4);
    case 'phone':
      return keep(value, 3, 4);
    case 'bank-account':
      return keep(value, 0, 4);
    case 'name': {
      const c = chars(value);
      if (c.length === 1) return value;
      return c.length === 2 ? `${c[0]}*` : keep(value, 1, 1);
    }
    case 'address': {
      const c = chars(value);
      return c.length <= ADDRESS_KEPT ? value : `${c.slice(0, ADDRESS_KEPT).join('')}****`;
    }
  }
}

/** Masks a value of a class a step sees masked (`MASKED_PII`); other classes and non-text values pass through. */
export function maskPii(value: unknown, pii: PiiClass | undefined): unknown {
  return pii && MASKED_PII.includes(pii) ? maskPersonal(value, pii) : value;
}
