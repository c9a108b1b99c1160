import type { CatalogItem, Department } from './composer.types';

/** Lower-cased, trimmed text for matching. */
function fold(text: string | undefined): string {
  return (text ?? '').trim().toLocaleLowerCase();
}

/**
 * The catalogue items whose name, code, department code or department name contain every word of
 * `query` (case-insensitive); all items for an empty query.
 */
export function searchItems(items: CatalogItem[], departments: Department[], query: string): CatalogItem[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  const departmentName = new Map(departments.map((d) => [d.code, d.name]));
  return items.filter((item) => {
    const haystack = [item.name, item.code, item.department, departmentName.get(item.department)].map(fold).join(' ');
    return words.every((word) => haystack.includes(word));
  });
}

/** Bundle codes name the BPMN process `bundle-<code>`: letters, digits, '-', '_' or '.', as the server checks. */
export const BUNDLE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
