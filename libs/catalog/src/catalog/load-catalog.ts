import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogError } from '../catalog.errors';
import type { Catalog } from './catalog.types';
import { parseCatalog } from './parse-catalog';

function readJson(path: string, source: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CatalogError('CATALOG_INVALID', `${source}: file not found`, { problems: [{ source, path: '$', message: 'file not found' }] });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = `not valid JSON (${(e as Error).message})`;
    throw new CatalogError('CATALOG_INVALID', `${source}: ${message}`, { problems: [{ source, path: '$', message }] });
  }
}

/**
 * Reads and validates the catalogue shipped under a workflows directory:
 * `catalog/fields.json`, `catalog/certificate-types.json`, `catalog/items.json` and `bundles/*.json`.
 */
export function loadCatalogFromDir(dir: string): Catalog {
  const file = (name: string) => readJson(join(dir, 'catalog', name), name);
  let bundleFiles: string[] = [];
  try {
    bundleFiles = readdirSync(join(dir, 'bundles')).filter((f) => f.endsWith('.json')).sort();
  } catch {
    bundleFiles = [];
  }
  return parseCatalog({
    fields: file('fields.json'),
    certificateTypes: file('certificate-types.json'),
    items: file('items.json'),
    bundles: bundleFiles.map((f) => ({ source: `bundles/${f}`, content: readJson(join(dir, 'bundles', f), `bundles/${f}`) })),
  });
}
