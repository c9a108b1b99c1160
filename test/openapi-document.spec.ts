import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { useTestApp } from './support/use-test-app';

/**
 * docs/openapi.json is the api's OpenAPI document as the running api serves it, and the web app's
 * types (apps/web/src/api/openapi.types.ts) are generated from it; both are regenerated with
 * `npm run openapi`.
 */
const root = resolve(__dirname, '..');
const REGENERATE = 'the committed OpenAPI document or the types generated from it are stale: run `npm run openapi` and commit docs/openapi.json and apps/web/src/api/openapi.types.ts';

describe('the committed OpenAPI document', () => {
  const { t } = useTestApp();

  it('is what the running api serves at /api/docs-json', async () => {
    // given
    const committed = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8')) as unknown;

    // when
    const served = (await request(t.app.getHttpServer()).get('/api/docs-json')).body as unknown;

    // then
    if (JSON.stringify(served) !== JSON.stringify(committed)) console.error(REGENERATE);
    expect(served).toEqual(committed);
  });

  it('is the source of the web app\'s generated types', () => {
    // given
    const dir = mkdtempSync(join(tmpdir(), 'tongban-openapi-'));
    const output = join(dir, 'openapi.types.ts');

    try {
      // when
      const generated = spawnSync(join(root, 'node_modules/.bin/openapi-typescript'), ['docs/openapi.json', '--output', output], { cwd: root, encoding: 'utf8', input: '' });

      // then
      expect(generated.status).toBe(0);
      const same = readFileSync(output, 'utf8') === readFileSync(join(root, 'apps/web/src/api/openapi.types.ts'), 'utf8');
      if (!same) console.error(REGENERATE);
      expect(same).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
