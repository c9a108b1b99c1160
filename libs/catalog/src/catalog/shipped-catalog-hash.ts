import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folders of a workflows directory that catalogue seeding reads. */
const SEEDED_FOLDERS = ['catalog', 'bundles', 'forms'];

/**
 * SHA-256 over the path and content of every file catalogue seeding reads under `dir` (`catalog/`,
 * `bundles/`, `forms/`), in a stable order, and over `context` (what else decides the seeded result:
 * the release, the schema). Equal hashes: seeding again would change nothing.
 */
export function shippedCatalogHash(dir: string, context: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of context) hash.update(`${part}\0`);
  for (const folder of SEEDED_FOLDERS) {
    const path = join(dir, folder);
    if (!existsSync(path)) continue;
    const files = readdirSync(path, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    for (const file of files) {
      hash.update(`${folder}/${file}\0`);
      hash.update(readFileSync(join(path, file)));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}
