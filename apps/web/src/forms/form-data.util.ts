/**
 * form-js reads a dotted key (`applicant.name`) as a path into nested data; the API speaks flat
 * keys. These convert between the two.
 */

/** Flat `{ 'applicant.name': 'x' }` → nested `{ applicant: { name: 'x' } }`. */
export function nestData(flat: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let target = nested;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return nested;
}

/** The values of `keys` read from nested form-js data, skipping empty ones. */
export function pickFlat(nested: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const key of keys) {
    const value = key.split('.').reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), nested);
    if (value !== undefined && value !== null && value !== '') flat[key] = value;
  }
  return flat;
}
