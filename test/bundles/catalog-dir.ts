import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The catalogue shipped in `workflows/`. */
export const SHIPPED = join(__dirname, '..', '..', 'workflows');

/** The shipped catalogue item of `code`. */
export function shippedItem(code: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SHIPPED, 'catalog', 'items.json'), 'utf8')).find((i: { code: string }) => i.code === code);
}

/**
 * A catalogue directory of the spec's own (`TONGBAN_CATALOG_DIR`) for the apps the spec starts: the
 * shipped items and no bundles, until the spec writes items or bundles of its own.
 */
export function useCatalogDir(): { writeItems: (items: Array<Record<string, unknown>>) => void; writeBundle: (bundle: { code: string } & Record<string, unknown>) => void } {
  const saved = { ...process.env };
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tongban-catalog-'));
    cpSync(join(SHIPPED, 'catalog'), join(dir, 'catalog'), { recursive: true });
    mkdirSync(join(dir, 'bundles'));
    process.env.TONGBAN_CATALOG_DIR = dir;
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  return {
    writeItems: (items) => {
      const shipped = JSON.parse(readFileSync(join(SHIPPED, 'catalog', 'items.json'), 'utf8'));
      writeFileSync(join(dir, 'catalog', 'items.json'), JSON.stringify([...shipped, ...items]));
    },
    writeBundle: (bundle) => writeFileSync(join(dir, 'bundles', `${bundle.code}.json`), JSON.stringify(bundle)),
  };
}
