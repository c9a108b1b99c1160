#!/usr/bin/env node
/**
 * `npm run openapi`: writes the api's OpenAPI document to docs/openapi.json (from a preview of the
 * application: nothing is started, no database is needed) and generates the API types from it with
 * openapi-typescript into the typed client `@tongban/client` (libs/client/src/openapi.types.ts), whose types
 * the web app imports too. Run it after changing a controller or DTO;
 * test/openapi-document.spec.ts fails while the committed document or types are stale.
 */
const { spawnSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const DOCUMENT = 'docs/openapi.json';
const TYPES = ['libs/client/src/openapi.types.ts'];

async function main() {
  // The server only: the web app is type-checked against the types this writes.
  const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
  require('./register-paths');
  const { openApiDocument } = require(path.join(root, 'dist/apps/api/src/index.js'));
  const document = await openApiDocument();
  writeFileSync(path.join(root, DOCUMENT), `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${DOCUMENT}`);
  for (const types of TYPES) {
    const generated = spawnSync('npx', ['openapi-typescript', DOCUMENT, '--output', types], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (generated.status !== 0) process.exit(generated.status ?? 1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
