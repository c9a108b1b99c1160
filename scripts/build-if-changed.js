#!/usr/bin/env node
/**
 * Builds (`npm run build`) only when the sources changed since the last successful build: a SHA-256
 * over the path and content of every file the build reads (apps/, libs/, migrations/, bench/, the
 * TypeScript configs, package.json, package-lock.json, patches/) is compared with the stamp in
 * dist/.build-stamp, written after each successful build. `--force` builds regardless.
 *
 * Used by `npm start` and `npm test`: an unchanged checkout starts without the minute-long build.
 * After a build it fills the launcher's code cache (dist/.compile-cache, see
 * apps/tongban/src/compile-cache.ts) by loading the api once, so the first start does not parse them.
 */
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
const SOURCE_TREES = ['apps', 'libs', 'migrations', 'bench', 'patches'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/register-paths.js'];
/** What a finished build leaves behind; a stamp without them (dist/ partly removed) means build again. */
const OUTPUTS = ['dist/apps/tongban/src/main.js', 'dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/web/index.html'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.tmp', 'data']);

/** The hash of every source file's path and content under `tree` (the checkout), in a stable order. */
function sourceHash(tree = root) {
  const hash = createHash('sha256');
  const files = [...SOURCE_FILES.filter((file) => existsSync(path.join(tree, file)))];
  for (const dir of SOURCE_TREES) collect(tree, path.join(tree, dir), files);
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(tree, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function collect(tree, dir, files) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(tree, full, files);
    else if (entry.isFile()) files.push(path.relative(tree, full).split(path.sep).join('/'));
  }
}

function upToDate(hash) {
  if (!OUTPUTS.every((file) => existsSync(path.join(root, file)))) return false;
  try {
    return readFileSync(stampFile, 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

/** Builds when needed; returns true when the build is current. */
function buildIfChanged({ force = false, log = console.log } = {}) {
  const hash = sourceHash();
  if (!force && upToDate(hash)) {
    log('build is up to date (sources unchanged since the last build)');
    return true;
  }
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return false;
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${hash}\n`);
  fillCompileCache();
  return true;
}

/** Loads the api's modules through the launcher's code cache and writes it; a failure only leaves the cache to the first start. */
function fillCompileCache() {
  const fill = `const cache = require(${JSON.stringify(path.join(root, 'dist/apps/tongban/src/compile-cache.js'))}).installCompileCache(${JSON.stringify(path.join(root, 'dist/.compile-cache'))}); require('@tongban/api'); cache.save();`;
  spawnSync(process.execPath, ['-r', './scripts/register-paths.js', '-e', fill], { cwd: root, stdio: 'ignore', env: { ...process.env, TONGBAN_DIST: undefined } });
}

module.exports = { buildIfChanged, sourceHash };

if (require.main === module) {
  process.exit(buildIfChanged({ force: process.argv.includes('--force') }) ? 0 : 1);
}
