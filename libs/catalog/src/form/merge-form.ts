import { CatalogError } from '../catalog.errors';
import type { Field, ServiceItem } from '../catalog/catalog.types';

/** A field of a bundle's merged form: asked once, with the strictest rules of the items using it. */
export interface MergedField extends Omit<Field, 'pattern'> {
  required: boolean;
  /** Every pattern any item imposes; a value must match all of them. */
  patterns: string[];
  /** Codes of the items that use the field, in bundle order. */
  usedBy: string[];
}

/** The one form an applicant fills for a bundle. */
export interface MergedForm {
  fields: MergedField[];
}

function intersect(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.filter((o) => b.includes(o));
}

function tighten(field: MergedField, rule: Field | NonNullable<ServiceItem['fieldRules']>[string]): void {
  if (rule.required) field.required = true;
  if (rule.pattern && !field.patterns.includes(rule.pattern)) field.patterns.push(rule.pattern);
  if (rule.min !== undefined) field.min = field.min === undefined ? rule.min : Math.max(field.min, rule.min);
  if (rule.max !== undefined) field.max = field.max === undefined ? rule.max : Math.min(field.max, rule.max);
  const options = intersect(field.options, rule.options);
  if (options) field.options = options;
}

/**
 * Merges the items' fields into one form: each key once, in first-use order; required if any item
 * requires it; options intersected; the largest min and smallest max; every pattern kept.
 * Throws `FORM_CONFLICT` when the merged rules admit no value (empty options, min above max).
 */
export function mergeForm(items: ServiceItem[], dictionary: Field[]): MergedForm {
  const byKey = new Map(dictionary.map((f) => [f.key, f]));
  const merged = new Map<string, MergedField>();
  for (const item of items) {
    for (const key of item.fields) {
      const base = byKey.get(key);
      if (!base) throw new CatalogError('CATALOG_UNKNOWN_REFERENCE', `Item ${item.code} asks for unknown field "${key}"`, { item: item.code, field: key });
      let field = merged.get(key);
      if (!field) {
        const { pattern, ...rest } = base;
        field = { ...rest, required: false, patterns: [], usedBy: [] };
        if (rest.options) field.options = [...rest.options];
        tighten(field, base);
        merged.set(key, field);
      }
      const rule = item.fieldRules?.[key];
      if (rule) tighten(field, rule);
      field.usedBy.push(item.code);
    }
  }
  for (const field of merged.values()) {
    const items = field.usedBy.join(', ');
    if (field.options && field.options.length === 0) {
      throw new CatalogError('FORM_CONFLICT', `Field ${field.key}: items ${items} allow no option in common`, { field: field.key, items: field.usedBy });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      throw new CatalogError('FORM_CONFLICT', `Field ${field.key}: items ${items} require min ${field.min} above max ${field.max}`, { field: field.key, items: field.usedBy });
    }
  }
  return { fields: [...merged.values()] };
}
