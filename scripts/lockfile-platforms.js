#!/usr/bin/env node
/**
 * Records every platform binary of the dependencies' optionalDependencies in package-lock.json.
 *
 * npm leaves a platform package out of the lock file when the registry it installs from cannot
 * serve that package's manifest (a partial mirror), and `npm ci` then refuses the lock file as out
 * of sync ("Missing: @swc/core-darwin-arm64@ from lock file"). Each such package is added as an
 * optional entry with the os / cpu / libc its name states; npm installs only the entries that
 * match the machine, so nothing is fetched for other platforms.
 *
 * Run after `npm install` changes the lock file: `node scripts/lockfile-platforms.js`.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'android', 'openharmony', 'sunos', 'aix'];
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

const file = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    const version = exactVersion(range) ?? siblingVersion(name);
    if (!version) continue;
    packages[hoisted] = { version, optional: true, ...platform };
    added++;
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en')));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform package(s) recorded`);

/** `{os, cpu, libc?}` from a name like `@swc/core-linux-x64-musl`; undefined when it names no platform. */
function platformOf(name) {
  const parts = name.slice(name.lastIndexOf('/') + 1).split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu = parts.find((part) => CPU.includes(part)) ?? (parts.includes('universal') ? 'arm64' : undefined);
  if (!os || !cpu) return undefined;
  const platform = { os: [os], cpu: [cpu] };
  if (os === 'linux' && parts.some((part) => part.startsWith('musl'))) platform.libc = ['musl'];
  else if (os === 'linux' && parts.some((part) => part === 'gnu' || part === 'glibc' || part.startsWith('gnueabi'))) platform.libc = ['glibc'];
  return platform;
}

function exactVersion(range) {
  const version = String(range).replace(/^[=^~]/, '');
  return /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version) ? version : undefined;
}

/** The version of another platform build of the same package that the lock file has. */
function siblingVersion(name) {
  const stem = name.replace(/-(darwin|linux|win32|freebsd|openbsd|netbsd|android|openharmony|sunos|aix)-.*$/, '');
  const sibling = Object.entries(packages).find(([location]) => location.startsWith(`node_modules/${stem}-`));
  return sibling?.[1].version;
}
