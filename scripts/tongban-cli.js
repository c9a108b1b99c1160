#!/usr/bin/env node
// `npx tongban …`: runs the compiled CLI (apps/cli, built by `npm run build` into dist/).
const { existsSync } = require('node:fs');
const path = require('node:path');

const entry = path.resolve(__dirname, '..', 'dist/apps/cli/src/main.js');
if (!existsSync(entry)) {
  console.error('tongban: the CLI is not built yet: run `npm run build` (or `npx tsc -p tsconfig.build.json`) first');
  process.exit(2);
}
require('./register-paths');
require(entry);
