/**
 * Start to healthy (`npm run bench:startup`): on a built checkout, how long `npm start` takes until
 * `GET /health/ready` answers 200. It runs what `npm start` runs — `node scripts/build-if-changed.js`
 * (the no-change check) and then `node -r ./scripts/register-paths.js dist/apps/tongban/src/main.js` —
 * and prints the figure and its parts (build check, node start, embedded services, loading modules,
 * migrations, seeding, the rest of init and listen, listening to ready) as main.js reports them,
 * plus the CPU seconds the process used until ready (load-independent, unlike the wall time).
 *
 * Two set-ups, each started cold (empty data: initdb or an empty database, every migration, every
 * seed) and then `BENCH_STARTUP_RUNS` times warm (the data of the cold start, as every later
 * `npm start`), the warm median being the figure:
 * - embedded defaults: an embedded PostgreSQL and a private redis-server in a temporary TONGBAN_DATA_DIR;
 * - given servers: DATABASE_URL's server (a database `<BENCH_STARTUP_DB_PREFIX>startup`, recreated) and a
 *   private redis-server on a free port given as REDIS_URL. Skipped without DATABASE_URL.
 * The goal is at most 5 s to healthy.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../apps/tongban/src/embedded/free-port';
import { startEmbeddedRedis } from '../apps/tongban/src/embedded/embedded-redis';
import { recreateDatabase } from '../test/faults/support/database';

const root = resolve(__dirname, '../..');
const GOAL_S = 5;
const RUNS = Math.max(1, Number(process.env.BENCH_STARTUP_RUNS || 3));

interface Start {
  /** Seconds from spawning main.js to the first 200 of /health/ready. */
  ready: number;
  /** CPU seconds (user + system) main.js used until then, children (PostgreSQL, redis-server) excluded. */
  cpu: number;
  /** main.js's own `start-up:` line. */
  parts: string;
  /** Seconds from main.js's "listening" line to the first 200 of /health/ready. */
  listenToReady: number;
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist/apps/tongban/src/main.js'))) throw new Error('no dist/: build first (npm run build)');
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} before the run (the machine is shared)`);
  const check = buildCheck();
  console.log(`build check (node scripts/build-if-changed.js, nothing changed): ${check.toFixed(2)} s`);

  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-startup-'));
  try {
    report('embedded defaults', check, await series({ TONGBAN_DATA_DIR: dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const server = process.env.DATABASE_URL;
  if (!server) {
    console.log('given servers: skipped (no DATABASE_URL)');
  } else {
    const database = `${process.env.BENCH_STARTUP_DB_PREFIX ?? 'tongban_bench_'}startup`;
    const databaseUrl = await recreateDatabase(database, server);
    const redis = await startEmbeddedRedis({});
    try {
      report('given DATABASE_URL and REDIS_URL', check, await series({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url }));
    } finally {
      await redis.stop();
    }
  }
  console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} after the run`);
}

/** One cold start, then RUNS warm ones. */
async function series(env: NodeJS.ProcessEnv): Promise<{ cold: Start; warm: Start[] }> {
  const cold = await startOnce(env);
  const warm: Start[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await startOnce(env));
  return { cold, warm };
}

function report(name: string, check: number, { cold, warm }: { cold: Start; warm: Start[] }): void {
  const sorted = [...warm].sort((a, b) => a.ready - b.ready);
  const median = sorted[Math.floor(sorted.length / 2)];
  const total = check + median.ready;
  console.log(`\n${name}:`);
  console.log(`  cold (empty data): ${cold.ready.toFixed(2)} s to ready, ${cold.cpu.toFixed(2)} CPU-s; ${cold.parts}; listening to ready ${cold.listenToReady.toFixed(2)} s`);
  for (const [i, start] of warm.entries()) {
    console.log(`  warm ${i + 1}: ${start.ready.toFixed(2)} s to ready, ${start.cpu.toFixed(2)} CPU-s; ${start.parts}; listening to ready ${start.listenToReady.toFixed(2)} s`);
  }
  console.log(`  start to healthy (${name}, warm median + build check): ${total.toFixed(2)} s (build check ${check.toFixed(2)} + main.js ${median.ready.toFixed(2)}; ${median.cpu.toFixed(2)} CPU-s); goal ${GOAL_S} s: ${(total / GOAL_S).toFixed(2)} of it`);
}

function buildCheck(): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'scripts/build-if-changed.js')], { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 || !/up to date/.test(result.stdout)) throw new Error(`the checkout is not built as it stands (build-if-changed built or failed): ${result.stdout}${result.stderr}`);
  return seconds;
}

async function startOnce(env: NodeJS.ProcessEnv): Promise<Start> {
  const port = await freePort();
  const metricsPort = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-r', './scripts/register-paths.js', 'dist/apps/tongban/src/main.js'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined, REDIS_URL: undefined, TONGBAN_DIST: undefined, ...env, PORT: String(port), TONGBAN_METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let listeningAt = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!listeningAt && /Tongban listening on/.test(output)) listeningAt = performance.now();
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`main.js exited with code ${child.exitCode}:\n${output.slice(-3000)}`);
      if ((await status(port)) === 200) break;
      if (performance.now() - started > 300_000) throw new Error(`not ready within 300 s:\n${output.slice(-3000)}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    const ready = performance.now();
    const cpu = cpuSeconds(child.pid!);
    while (!/start-up: /.test(output) && child.exitCode === null) await new Promise((done) => setTimeout(done, 20));
    const parts = /start-up: (.*)/.exec(output)?.[1] ?? '(no start-up line)';
    return { ready: (ready - started) / 1000, cpu, parts, listenToReady: listeningAt ? (ready - listeningAt) / 1000 : NaN };
  } finally {
    await stop(child);
  }
}

function status(port: number): Promise<number> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/health/ready', timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(0));
    req.end();
  });
}

/** utime + stime of a process from /proc (Linux), in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
