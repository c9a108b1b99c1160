/**
 * A deep copy of JSON data (the persisted state): objects, arrays and primitives only. The engine
 * works on a copy so the state a caller passes in never changes.
 */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = copyJson(item);
    }
  }
  return out as T;
}
