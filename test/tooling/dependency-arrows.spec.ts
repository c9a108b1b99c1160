import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * `npm run lint` fails when an arrow is broken: dependency-cruiser with the repository's
 * `.dependency-cruiser.js` over a small package tree (under .tmp/, so `node_modules` resolves).
 */
const root = resolve(__dirname, '../..');

function packageTree(files: Record<string, string>): string {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'arrows-'));
  const all: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@tongban/*': ['libs/*/src'] } } }),
    'libs/kernel/src/index.ts': 'export class DomainError extends Error {}\n',
    'libs/bpmn/src/index.ts': "export { DomainError } from '@tongban/kernel';\nexport const compile = (xml: string) => xml;\n",
    'libs/bpmn/src/parse/parser.ts': 'export const parse = (xml: string) => xml;\n',
    'libs/engine/src/index.ts': "import { compile } from '@tongban/bpmn';\nexport const start = (xml: string) => compile(xml);\n",
    'apps/api/src/main.ts': "import { start } from '@tongban/engine';\nstart('<x/>');\n",
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

function cruise(dir: string): { status: number | null; output: string } {
  const result = spawnSync(join(root, 'node_modules/.bin/depcruise'), ['libs', 'apps', '--config', join(root, '.dependency-cruiser.js')], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the dependency arrows (.dependency-cruiser.js)', () => {
  const trees: string[] = [];
  const tree = (files: Record<string, string> = {}) => {
    const dir = packageTree(files);
    trees.push(dir);
    return dir;
  };
  afterAll(() => trees.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('passes a tree whose imports follow the arrows through each package index', () => {
    // given
    const dir = tree();

    // when
    const { status, output } = cruise(dir);

    // then
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });

  it.each([
    ['an arrow pointing up (bpmn imports engine)', { 'libs/bpmn/src/cycle.ts': "import { start } from '@tongban/engine';\nexport const s = start;\n" }, 'arrow-from-bpmn'],
    ['the kernel importing one of ours', { 'libs/kernel/src/bad.ts': "import { compile } from '@tongban/bpmn';\nexport const c = compile;\n" }, 'arrow-from-kernel'],
    ['a deep path into another package', { 'libs/engine/src/deep.ts': "import { parse } from '../../bpmn/src/parse/parser';\nexport const p = parse;\n" }, 'only-through-index'],
    ['a relative path to another package\'s index', { 'libs/engine/src/relative.ts': "import { compile } from '../../bpmn/src/index';\nexport const c = compile;\n" }, 'no-relative-across-packages'],
    ['I/O inside the engine', { 'libs/engine/src/io.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n" }, 'engine-is-pure'],
    ['a Node built-in in the browser app', { 'apps/web/src/main.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n" }, 'web-no-node-builtins'],
  ])('fails on %s', (_what, files, rule) => {
    // given
    const dir = tree(files);

    // when
    const { status, output } = cruise(dir);

    // then
    expect(output).toContain(`error ${rule}:`);
    expect(status).not.toBe(0);
  });
});
