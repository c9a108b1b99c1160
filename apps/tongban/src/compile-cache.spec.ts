import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * The launcher's code cache, in Node processes of their own (Jest does not load modules through
 * Node's loader): modules compiled from the cache behave as compiled by Node, a changed source or a
 * damaged cache file is compiled again.
 */
describe('compile cache', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tongban-compile-cache-'));
    const source = readFileSync(join(__dirname, 'compile-cache.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    writeFileSync(join(dir, 'compile-cache.js'), outputText);
    writeFileSync(join(dir, 'helper.js'), 'exports.twice = (n) => n * 2;\n');
    writeFileSync(join(dir, 'esm.mjs'), 'export const answer = 42;\n');
    writeFileSync(join(dir, 'dynamic.js'), "exports.answer = () => import('./esm.mjs').then((m) => m.answer);\n");
    writeFileSync(join(dir, 'subject.js'), subject('first'));
    writeFileSync(
      join(dir, 'run.js'),
      `const cache = require('./compile-cache.js').installCompileCache(${JSON.stringify(join(dir, 'cache'))});
       const subject = require('./subject.js');
       subject.later().then((answer) => {
         cache.save();
         console.log(JSON.stringify({ ...subject.facts, answer, stats: cache.stats }));
       });`,
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A module using what Node gives a CommonJS module: require, module, exports, its paths; and one with import() (compiled by Node). */
  function subject(label: string): string {
    return `const { twice } = require('./helper.js');
      exports.facts = { label: '${label}', twice: twice(21), file: __filename, dir: __dirname, same: module.exports === exports, resolved: require.resolve('./helper.js'), cached: !!require.cache[__filename] };
      exports.later = require('./dynamic.js').answer;
      `;
  }

  function run(): { label: string; twice: number; file: string; dir: string; same: boolean; resolved: string; cached: boolean; answer: number; stats: { hits: number; misses: number } } {
    const result = spawnSync(process.execPath, [join(dir, 'run.js')], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout);
  }

  it('compiles from the cache once written, as Node would', () => {
    const first = run();
    const second = run();
    const expected = { label: 'first', twice: 42, file: join(dir, 'subject.js'), dir, same: true, resolved: join(dir, 'helper.js'), cached: true, answer: 42 };
    expect(first).toEqual({ ...expected, stats: { hits: 0, misses: 2 } });
    expect(second).toEqual({ ...expected, stats: { hits: 2, misses: 0 } });
  });

  it('compiles a changed source again, even of the same length', () => {
    run();
    writeFileSync(join(dir, 'subject.js'), subject('other'));
    expect(run()).toMatchObject({ label: 'other', stats: { hits: 1, misses: 1 } });
    expect(run()).toMatchObject({ label: 'other', stats: { hits: 2, misses: 0 } });
  });

  it('ignores a damaged cache file and writes it anew', () => {
    run();
    const file = join(dir, 'cache', `${process.version}-${process.arch}.bin`);
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    expect(run()).toMatchObject({ twice: 42, answer: 42, stats: { hits: 0, misses: 2 } });
    expect(run()).toMatchObject({ stats: { hits: 2, misses: 0 } });
  });
});
