import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { sourceHash } = require('../../scripts/build-if-changed') as { sourceHash(tree: string): string };

/** `npm start` skips the build only while the sources it reads are unchanged. */
describe('the build stamp of npm start', () => {
  let tree: string;

  beforeEach(() => {
    tree = mkdtempSync(join(tmpdir(), 'tongban-stamp-'));
    mkdirSync(join(tree, 'libs/engine/src'), { recursive: true });
    mkdirSync(join(tree, 'dist/libs'), { recursive: true });
    writeFileSync(join(tree, 'package.json'), '{}');
    writeFileSync(join(tree, 'libs/engine/src/index.ts'), 'export const a = 1;\n');
  });

  afterEach(() => rmSync(tree, { recursive: true, force: true }));

  it('is the same for an unchanged tree, also when build output or data change', () => {
    // given
    const before = sourceHash(tree);

    // when
    writeFileSync(join(tree, 'dist/libs/index.js'), 'exports.a = 1;\n');

    // then
    expect(sourceHash(tree)).toBe(before);
  });

  it.each([
    ['a source file changes', (dir: string) => writeFileSync(join(dir, 'libs/engine/src/index.ts'), 'export const a = 2;\n')],
    ['a source file is added', (dir: string) => writeFileSync(join(dir, 'libs/engine/src/other.ts'), 'export {};\n')],
    ['a source file is removed', (dir: string) => rmSync(join(dir, 'libs/engine/src/index.ts'))],
    ['package.json changes', (dir: string) => writeFileSync(join(dir, 'package.json'), '{"name":"x"}')],
  ])('changes when %s', (_what, change) => {
    // given
    const before = sourceHash(tree);

    // when
    change(tree);

    // then
    expect(sourceHash(tree)).not.toBe(before);
  });
});
