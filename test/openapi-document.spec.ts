import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { useTestApp } from './support/use-test-app';

/**
 * docs/openapi.json is the api's OpenAPI document as the running api serves it, and the web app's
 * types of the typed client (libs/client/src/openapi.types.ts, which the web app imports too)
 * are generated from it; all are regenerated with `npm run openapi`. The type-check compiles the
 * client and the specs using it against those types.
 */
const root = resolve(__dirname, '..');
const REGENERATE = 'the committed OpenAPI document or the types generated from it are stale: run `npm run openapi` and commit docs/openapi.json and libs/client/src/openapi.types.ts';

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

  it('is the source of the web app\'s and the typed client\'s generated types', () => {
    // given
    const dir = mkdtempSync(join(tmpdir(), 'tongban-openapi-'));
    const output = join(dir, 'openapi.types.ts');

    try {
      // when
      const generated = spawnSync(join(root, 'node_modules/.bin/openapi-typescript'), ['docs/openapi.json', '--output', output], { cwd: root, encoding: 'utf8', input: '' });

      // then
      expect(generated.status).toBe(0);
      const types = readFileSync(output, 'utf8');
      const same = readFileSync(join(root, 'libs/client/src/openapi.types.ts'), 'utf8') === types;
      if (!same) console.error(REGENERATE);
      expect(same).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
