#!/usr/bin/env node
/**
 * The whole test suite: type-checks and builds when the sources changed since the last build (the
 * server, then the web app the browser specs in test/web load in headless Chromium), then runs Jest against PostgreSQL and Redis from
 * DATABASE_URL / REDIS_URL, or against an embedded PostgreSQL and a private redis-server started
 * here when they are unset. Ends with one line `N passed, N failed`.
 *
 * The BPMN MIWG conformance suites read their corpus (kept outside the repository) from the folder
 * TONGBAN_CONFORMANCE_DIR names; without it they are skipped and this prints one line saying so.
 *
 * Extra arguments are passed to Jest (e.g. `npm test -- libs/engine`).
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync, mkdirSync } = require('node:fs');
const path = require('node:path');
const { buildIfChanged } = require('./build-if-changed');

const root = path.resolve(__dirname, '..');

async function main() {
  const conformanceDir = conformanceCorpus();
  if (!buildIfChanged()) {
    console.error('type-check and build failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  require('./register-paths');
  const { ensureServices } = require(path.join(root, 'dist/apps/tongban/src/embedded/embedded-services.js'));
  const services = await ensureServices(process.env);
  const resultsFile = path.join(root, '.tmp', 'jest-results.json');
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  rmSync(resultsFile, { force: true });
  let code;
  try {
    const env = { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl };
    if (conformanceDir) env.TONGBAN_CONFORMANCE_DIR = conformanceDir;
    const jest = spawnSync('npx', ['jest', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    code = jest.status ?? 1;
  } finally {
    await services.stop();
  }
  const { passed, failed } = summarise(resultsFile);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
}

/** The conformance corpus folder as an absolute path, or undefined (then its suites skip, said once here). */
function conformanceCorpus() {
  const dir = process.env.TONGBAN_CONFORMANCE_DIR;
  if (!dir) {
    console.log('MIWG conformance suites skipped: TONGBAN_CONFORMANCE_DIR is not set (the folder holding miwg/Reference; .ci/run sets it)');
    return undefined;
  }
  const absolute = path.resolve(dir);
  if (!existsSync(path.join(absolute, 'miwg', 'Reference'))) {
    console.error(`TONGBAN_CONFORMANCE_DIR=${dir}: no miwg/Reference folder there`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  return absolute;
}

function summarise(file) {
  try {
    const results = JSON.parse(readFileSync(file, 'utf8'));
    const failedSuites = results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
    return { passed: results.numPassedTests, failed: results.numFailedTests + failedSuites };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
