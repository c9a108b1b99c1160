import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * V8's code cache for the CommonJS modules the launcher loads (Node 20 has no `module.enableCompileCache`):
 * each module is compiled from the bytecode kept for it in `<dir>/<node version>-<arch>.bin`, when the
 * entry's hash of the source matches, instead of being parsed again. After start-up `save()` writes the
 * cache anew when some module had no valid entry: an entry for each module this run loaded, with the
 * functions compiled by then (a module's top level and what the start ran). A cache V8 rejects (another V8 or flags) or cannot read is ignored
 * and rebuilt; one that cannot be written (a read-only install) only costs the parsing.
 *
 * A module compiles as Node compiles it (the same wrapper and file name) and runs with the same
 * `exports, require, module, __filename, __dirname`. Node's own compiler keeps what the cache does not
 * compile as Node would: a module whose text has `import(` (a dynamic import needs Node's loader behind
 * the script) and an ES module loaded by `require`.
 */
export interface CompileCache {
  /** Writes the cache when this run compiled modules it had no valid entry for; stops caching either way. */
  save(): void;
  /** Stops caching without writing (a process that loads only a part of the modules). */
  stop(): void;
  /** Modules compiled from the cache, and compiled without it (no entry, a changed source, rejected). */
  readonly stats: { hits: number; misses: number };
}

interface Entry {
  hash: string;
  data: Buffer;
}

type CompileFunction = (this: NodeModule, content: string, filename: string, format?: string) => unknown;

interface ModuleInternals {
  _compile: CompileFunction;
}

interface ModuleStatics {
  wrap(script: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: NodeModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
}

/** `import(` in a module's text, code or not (a comment, a string a `Function` is made of). */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

export function installCompileCache(dir: string): CompileCache {
  const file = join(dir, `${process.version}-${process.arch}.bin`);
  const stored = read(file);
  const compiled = new Map<string, { hash: string; script: Script }>();
  const stats = { hits: 0, misses: 0 };
  const proto = Module.prototype as unknown as ModuleInternals;
  const statics = Module as unknown as ModuleStatics;
  const original = proto._compile;
  let active = true;
  const stop = (): void => {
    active = false;
    proto._compile = original;
    compiled.clear();
    stored.clear();
  };

  proto._compile = function (this: NodeModule, content: string, filename: string, format?: string): unknown {
    if (!active || format === 'module' || process.sourceMapsEnabled || DYNAMIC_IMPORT.test(content)) return original.call(this, content, filename, format);
    const hash = createHash('sha1').update(content).digest('base64');
    const entry = stored.get(filename);
    const cachedData = entry?.hash === hash ? entry.data : undefined;
    let script: Script;
    try {
      script = new Script(statics.wrap(content), { filename, cachedData });
    } catch {
      // Not CommonJS (an ES module `require`d without a "type" saying so): Node's compiler tells and loads it.
      return original.call(this, content, filename, format);
    }
    if (cachedData && !script.cachedDataRejected) stats.hits++;
    else stats.misses++;
    compiled.set(filename, { hash, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, statics), this, filename, dirname(filename));
  };

  return {
    stats,
    save(): void {
      if (active && stats.misses > 0) {
        const entries = new Map<string, Entry>();
        for (const [filename, { hash, script }] of compiled) entries.set(filename, { hash, data: script.createCachedData() });
        write(file, entries);
      }
      stop();
    },
    stop,
  };
}

/** `require` as Node gives it to a module: resolved from the module, sharing Node's cache. */
function requireFor(module: NodeModule, statics: ModuleStatics): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => statics._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => statics._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = statics._extensions;
  require.cache = statics._cache;
  return require;
}

/**
 * The cache file: a 4-byte length, a JSON index `[filename, hash, length][]`, then each entry's bytes
 * in the index's order. A missing or unreadable file is an empty cache.
 */
function read(file: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  try {
    const blob = readFileSync(file);
    const indexLength = blob.readUInt32LE(0);
    const index = JSON.parse(blob.subarray(4, 4 + indexLength).toString('utf8')) as [string, string, number][];
    let offset = 4 + indexLength;
    for (const [filename, hash, length] of index) {
      entries.set(filename, { hash, data: blob.subarray(offset, offset + length) });
      offset += length;
    }
    if (offset !== blob.length) entries.clear();
  } catch {
    entries.clear();
  }
  return entries;
}

/** Written beside and renamed into place, so a reader sees the old file or the new one whole. */
function write(file: string, entries: Map<string, Entry>): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    const index = Buffer.from(JSON.stringify([...entries].map(([filename, { hash, data }]) => [filename, hash, data.length])), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(index.length, 0);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, Buffer.concat([length, index, ...[...entries.values()].map((entry) => entry.data)]));
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}
