#!/usr/bin/env node
/**
 * The fault suite: builds Tongban and the scenarios, then runs each scenario in test/faults/*.fault.ts
 * as its own process. A scenario starts real api and worker processes from dist/ against its own
 * PostgreSQL database (recreated) and a private redis-server, breaks things, and prints one line per
 * check: `CHECK PASS|FAIL|SKIP <scenario>/<check> :: <figure>`.
 * Ends with `N passed, N failed` (skips are listed, not counted); exit code 1 when anything failed.
 *
 * Arguments select scenarios by name (`npm run test:faults -- double-completion`).
 * The suite builds into a directory of its own, `.tmp/faults-dist` (or `TONGBAN_DIST`), and every process
 * it starts runs from there: a rebuild of dist/ meanwhile (by `npm start`, `npm test`) changes nothing.
 * FAULTS_SKIP_BUILD=1 reuses that build as it is; FAULTS_SCENARIO_TIMEOUT_S bounds each scenario (default 360);
 * FAULTS_REPLICAS=N runs every scenario with N api and N worker processes (default 1; `.ci/run` uses 2);
 * FAULTS_DB_PREFIX names the scenario databases (`tongban_` unless told). Without FAULTS_DATABASE_URL or
 * DATABASE_URL the scenarios use an embedded PostgreSQL started here.
 */
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const distDir = path.resolve(process.env.TONGBAN_DIST || path.join(root, '.tmp', 'faults-dist'));
process.env.TONGBAN_DIST = distDir;
const scenarioDir = path.join(distDir, 'test', 'faults');

/** Builds Tongban and the suite; returns the failed steps as checks (a failed build of the suite is fatal). */
function build() {
  const checks = [];
  if (process.env.FAULTS_SKIP_BUILD !== '1' && tsc('tsconfig.build.json') !== 0) {
    checks.push({ outcome: 'FAIL', name: 'build/tsc', figure: '`tsc -p tsconfig.build.json` reported errors; scenarios run on what it emitted' });
  }
  if (tsc('test/faults/tsconfig.json') !== 0) return { fatal: 'build of the fault suite failed', checks };
  for (const entry of ['apps/api/src/main.js', 'apps/worker/src/main.js']) {
    if (!existsSync(path.join(distDir, entry))) return { fatal: `${path.relative(root, distDir)}/${entry} is missing after the build`, checks };
  }
  return { checks };
}

function tsc(project) {
  return spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project, '--outDir', distDir], { cwd: root, stdio: 'inherit' }).status;
}

/**
 * The PostgreSQL server the scenarios create their databases on: FAULTS_DATABASE_URL or DATABASE_URL, else
 * an embedded one started here from the suite's build (as `npm test` does), stopped when the suite ends.
 */
async function databaseServer() {
  if (process.env.FAULTS_DATABASE_URL || process.env.DATABASE_URL) return undefined;
  require('./register-paths');
  const { ensureServices } = require(path.join(distDir, 'apps/tongban/src/embedded/embedded-services.js'));
  const services = await ensureServices({ REDIS_URL: 'unused: every scenario starts its own redis-server' });
  process.env.FAULTS_DATABASE_URL = services.databaseUrl;
  console.log('fault suite: no DATABASE_URL, scenarios create their databases on an embedded PostgreSQL');
  return services;
}

function runScenario(file, timeoutMs) {
  return new Promise((resolve) => {
    const name = path.basename(file, '.fault.js');
    const started = Date.now();
    console.log(`\n== ${name}`);
    const child = spawn(process.execPath, ['-r', path.join(root, 'scripts/register-paths.js'), file], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const checks = [];
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        const match = /^CHECK (PASS|FAIL|SKIP) (\S+) :: (.*)$/.exec(line);
        if (match) checks.push({ outcome: match[1], name: match[2], figure: match[3] });
      }
    });
    const timer = setTimeout(() => {
      checks.push({ outcome: 'FAIL', name: `${name}/timeout`, figure: `no result within ${timeoutMs / 1000} s` });
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (checks.length === 0) checks.push({ outcome: 'FAIL', name: `${name}/run`, figure: `exited (code ${code}, signal ${signal}) without a result` });
      else if (code !== 0 && !checks.some((check) => check.outcome === 'FAIL')) {
        checks.push({ outcome: 'FAIL', name: `${name}/exit`, figure: `exited with code ${code}, signal ${signal}` });
      }
      console.log(`   ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(checks);
    });
  });
}

async function main() {
  const built = build();
  if (built.fatal) {
    console.error(built.fatal);
    console.log(`0 passed, ${built.checks.length + 1} failed`);
    process.exit(1);
  }
  const wanted = process.argv.slice(2);
  const files = readdirSync(scenarioDir)
    .filter((file) => file.endsWith('.fault.js'))
    .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
    .sort()
    .map((file) => path.join(scenarioDir, file));
  const timeoutMs = Number(process.env.FAULTS_SCENARIO_TIMEOUT_S || 360) * 1000;
  const checks = [...built.checks];
  const services = await databaseServer();
  const started = Date.now();
  console.log(`fault suite: ${files.length} scenario(s) from ${path.relative(root, distDir)}, ${Number(process.env.FAULTS_REPLICAS || 1)} api and worker process(es) each`);
  try {
    for (const file of files) checks.push(...(await runScenario(file, timeoutMs)));
  } finally {
    await services?.stop();
  }
  console.log(`\nfault suite ran ${((Date.now() - started) / 1000).toFixed(0)} s`);

  console.log('\nFault suite:');
  for (const check of checks) console.log(`  ${check.outcome.padEnd(4)} ${check.name}: ${check.figure}`);
  const passed = checks.filter((check) => check.outcome === 'PASS').length;
  const failed = checks.filter((check) => check.outcome === 'FAIL').length;
  const skipped = checks.filter((check) => check.outcome === 'SKIP').length;
  if (skipped) console.log(`${skipped} skipped (capability missing; not counted)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
