#!/usr/bin/env node
/**
 * `npm run lint`: the three static checks, each a pass or a fail, ending with one line
 * `N passed, N failed` (how .ci/run counts a suite):
 * 1. dependency-cruiser — the dependency arrows between packages (`.dependency-cruiser.js`);
 * 2. ESLint with typescript-eslint (`eslint.config.mjs`);
 * 3. table ownership — no package writes another's tables (`scripts/check-table-owners.js`).
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const CHECKS = [
  ['dependency arrows', 'npx', ['depcruise', 'apps', 'libs', '--config', '.dependency-cruiser.js']],
  ['eslint', 'npx', ['eslint', '.']],
  ['table ownership', 'node', ['scripts/check-table-owners.js']],
];

let passed = 0;
let failed = 0;
for (const [name, command, args] of CHECKS) {
  console.log(`lint: ${name} (${command} ${args.join(' ')})`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status === 0) passed += 1;
  else failed += 1;
  console.log(`lint: ${name} ${result.status === 0 ? 'passed' : 'failed'}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
