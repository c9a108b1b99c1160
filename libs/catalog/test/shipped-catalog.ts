import { join } from 'node:path';
import { loadCatalogFromDir } from '../src/catalog/load-catalog';
import type { Catalog, ServiceItem } from '../src/catalog/catalog.types';

/** The workflows directory the product ships. */
export const WORKFLOWS_DIR = join(__dirname, '..', '..', '..', 'workflows');

let cached: Catalog | undefined;

/** The shipped catalogue (fields, certificate types, items, bundles), loaded once per test file. */
export function shippedCatalog(): Catalog {
  cached ??= loadCatalogFromDir(WORKFLOWS_DIR);
  return cached;
}

export function shippedItem(code: string): ServiceItem {
  const item = shippedCatalog().items.find((i) => i.code === code);
  if (!item) throw new Error(`no shipped item ${code}`);
  return item;
}

export function shippedBundle(code: string) {
  const bundle = shippedCatalog().bundles.find((b) => b.code === code);
  if (!bundle) throw new Error(`no shipped bundle ${code}`);
  return bundle;
}
