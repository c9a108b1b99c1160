#!/usr/bin/env node
/**
 * The runtime against a Redis Cluster: starts three redis-server nodes in cluster mode on loopback
 * (no replicas, slots spread over the three), joins them with `redis-cli --cluster create`, and runs
 * the runtime and BPMN semantics specs with `REDIS_CLUSTER_NODES` naming them, so every BullMQ queue,
 * delayed job, lock and counter of Tongban lives on the cluster (each test app's queue prefix is a
 * hash tag). PostgreSQL comes from DATABASE_URL (else the embedded one, as `npm test`).
 * Ends with `N passed, N failed`. Extra arguments replace the default spec paths.
 */
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { buildIfChanged } = require('./build-if-changed');

const root = path.resolve(__dirname, '..');
const SPECS = ['test/runtime/commands.spec.ts', 'test/runtime/jobs.spec.ts', 'test/runtime/jobs-groups.spec.ts', 'test/runtime/messages.spec.ts', 'test/runtime/timers.spec.ts', 'test/runtime/idempotency.spec.ts', 'test/runtime/round-trips.spec.ts', 'test/runtime/stranded-work.spec.ts', 'test/semantics'];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startNodes(dir, count) {
  const nodes = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const data = path.join(dir, String(port));
    mkdirSync(data, { recursive: true });
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', path.join(data, 'nodes.conf'), '--dir', data, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    nodes.push({ port, child });
  }
  for (const { port } of nodes) {
    for (let tries = 0; spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; tries++) {
      if (tries > 100) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return nodes;
}

async function main() {
  if (!buildIfChanged()) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tongban-redis-cluster-'));
  const nodes = await startNodes(dir, 3);
  const addresses = nodes.map(({ port }) => `127.0.0.1:${port}`);
  let code;
  const resultsFile = path.join(root, '.tmp', 'redis-cluster-results.json');
  let services;
  try {
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (let tries = 0; !/cluster_state:ok/.test(spawnSync('redis-cli', ['-p', String(nodes[0].port), 'cluster', 'info'], { encoding: 'utf8' }).stdout); tries++) {
      if (tries > 200) throw new Error('the cluster did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    console.log(`Redis Cluster of 3 primaries at ${addresses.join(', ')}`);
    require('./register-paths');
    const { ensureServices } = require(path.join(root, 'dist/apps/tongban/src/embedded/embedded-services.js'));
    services = await ensureServices({ ...process.env, REDIS_URL: `redis://${addresses[0]}` });
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    rmSync(resultsFile, { force: true });
    const specs = process.argv.slice(2).length ? process.argv.slice(2) : SPECS;
    const env = { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: `redis://${addresses[0]}`, REDIS_CLUSTER_NODES: addresses.join(',') };
    code = spawnSync('npx', ['jest', '--json', `--outputFile=${resultsFile}`, ...specs], { cwd: root, env, stdio: 'inherit' }).status ?? 1;
  } finally {
    await services?.stop();
    for (const { child } of nodes) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  let passed = 0;
  let failed = 1;
  try {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    passed = results.numPassedTests;
    failed = results.numFailedTests + results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
  } catch {
    // no results: counted as one failure
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
