/**
 * End-to-end benchmark on this machine (figures printed, not asserted):
 * (a) PostgreSQL's limit for a completion-shaped transaction, (b) Tongban's task completions over
 * REST at full and at half load, (c) the system-task path. Prints last the ratio of (b) to (a).
 *
 * Tongban runs as the deployment does: one api process and one worker process (separate child
 * processes from dist/, BENCH_SHAPE=combined runs the worker inside the api), a fresh database and a
 * private redis-server. The load generator is this process, on the same two cores.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { databaseName, recreateDatabase } from '../../test/faults/support/database';
import { CpuMeter } from '../../test/faults/support/process-cpu';
import { formatSummary, summarise } from '../../test/faults/support/latency';
import { TongbanStack } from '../../test/faults/support/stack';
import { parallelBundle, FIVE_DEPARTMENTS } from '../../test/faults/support/bpmn-fixtures';
import { deploy, instanceStates, waitCompleted } from '../../test/faults/support/workflow-driver';
import { closedLoop, openLoop } from './bundle-load';
import { measurePgLimit } from './pg-limit';
import { measureSystemTasks, probedWorkerEnv } from './system-tasks';

const env = process.env;
const PG_SECONDS = Number(env.BENCH_PG_SECONDS || 10);
const CLIENTS = Number(env.BENCH_CLIENTS || 16);
const FULL_SECONDS = Number(env.BENCH_FULL_SECONDS || 20);
const HALF_SECONDS = Number(env.BENCH_HALF_SECONDS || 20);
const WARMUP_SECONDS = Number(env.BENCH_WARMUP_SECONDS || 3);
const SHAPE = env.BENCH_SHAPE === 'combined' ? 'combined' : 'separate';
const API_PROCESSES = SHAPE === 'combined' ? 1 : Number(env.BENCH_API_PROCESSES || 1);
/** Copies of each api process under its cluster primary (TONGBAN_API_PROCESSES); 1: no primary. */
const API_CLUSTER = Number(env.BENCH_API_CLUSTER || 1);
/** Options of node for the api processes, e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof` to profile them (given on the command line: NODE_OPTIONS refuses --cpu-prof). */
const API_NODE_OPTIONS = env.BENCH_API_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
/** `1`: count SQL statements, pool checkouts (call-counter.ts in every Tongban process) and Redis commands per completion at full load. */
const COUNT_CALLS = env.BENCH_COUNT_CALLS === '1' || env.BENCH_CPU_PROFILE === '1';
/** `1`: a CPU profile of each api process over the full-load phase, in .tmp/bench-counts/<pid>.cpuprofile. */
const CPU_PROFILE = env.BENCH_CPU_PROFILE === '1';
/** `system-tasks`: only (c), on a stack of its own (its worker probed when BENCH_PROBE=1). */
const ONLY = env.BENCH_ONLY;

const rate = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} before the run (the machine is shared)`);
  if (ONLY === 'system-tasks') return systemTasksOnly();
  // (a) the PostgreSQL limit, measured before Tongban runs so nothing else competes.
  const limitDb = await recreateDatabase(databaseName('bench'));
  const limit = await measurePgLimit(limitDb, { seconds: PG_SECONDS, clients: 16 });
  console.log(
    `(a) PostgreSQL limit: ${rate(limit.transactionsPerSecond)} tx/s ` +
      `(BEGIN; UPDATE ~${limit.stateBytes} B jsonb WHERE id AND version; INSERT event; COMMIT; ${limit.clients} clients, synchronous_commit on, ${limit.seconds.toFixed(1)} s) ${formatSummary(limit.latency)}`,
  );

  // (b) Tongban over REST.
  const countDir = join(process.cwd(), '.tmp', 'bench-counts');
  const counterOptions = COUNT_CALLS ? `-r ${join(__dirname, 'call-counter.js')}` : '';
  if (COUNT_CALLS) {
    rmSync(countDir, { recursive: true, force: true });
    mkdirSync(countDir, { recursive: true });
  }
  const stack = await TongbanStack.start({
    name: 'bench_e2e',
    shape: SHAPE,
    apiProcesses: API_PROCESSES,
    env: { NODE_ENV: 'test', ...(COUNT_CALLS ? { NODE_OPTIONS: counterOptions, BENCH_COUNT_DIR: countDir } : {}) },
    apiEnv: { TONGBAN_API_PROCESSES: String(API_CLUSTER), ...(CPU_PROFILE ? { BENCH_CPU_PROFILE_DIR: countDir } : {}) },
    apiNodeArgs: API_NODE_OPTIONS,
  });
  let completionsPerSecond = Number.NaN;
  try {
    if (API_CLUSTER > 1) await Promise.all(stack.apis.map((api) => api.waitForOutput(new RegExp(`api copy ${API_CLUSTER} \\(pid \\d+\\) listening`), 120_000)));
    const { key } = await deploy(stack.client, 'bench-five-departments', parallelBundle('bench-five-departments'));
    const departments = FIVE_DEPARTMENTS.length;
    await closedLoop(stack.client, key, departments, CLIENTS, WARMUP_SECONDS);

    const meter = new CpuMeter({
      ...Object.fromEntries(stack.apis.map((api) => [api.options.name, () => api.pid])),
      worker: () => stack.worker?.pid,
      'load generator': () => process.pid,
    }, stack.apis.map((api) => api.options.name)).start();
    const counts = COUNT_CALLS ? await CallCounts.begin(stack) : undefined;
    const fullFrom = process.hrtime.bigint();
    const full = await closedLoop(stack.client, key, departments, CLIENTS, FULL_SECONDS);
    const cpu = meter.stop();
    const counted = counts ? await counts.end(countDir) : undefined;
    // The monotonic clock is the one V8's CPU profiles count in: a profile's samples of the full-load window can be picked out.
    if (API_NODE_OPTIONS.length) console.log(`    full-load window on the monotonic clock: ${fullFrom / 1000n}–${process.hrtime.bigint() / 1000n} µs`);
    completionsPerSecond = full.recorder.completions / full.elapsed;
    const bundlesPerSecond = full.recorder.bundles / full.elapsed;
    console.log(
      `(b) Tongban (${SHAPE === 'separate' ? `${API_PROCESSES} api process${API_PROCESSES > 1 ? 'es' : ''}${API_CLUSTER > 1 ? ` of ${API_CLUSTER} cluster copies each` : ''} + 1 worker process` : 'api with the worker inside, one process'}), five-department bundle, start + 5 completions over REST:`,
    );
    console.log(
      `    full load (${CLIENTS} closed-loop clients, ${full.elapsed.toFixed(1)} s): ${rate(completionsPerSecond)} task completions/s, ${rate(bundlesPerSecond)} bundles/s; ` +
        `completion ${formatSummary(summarise(full.recorder.completionMs))}; start ${formatSummary(summarise(full.recorder.startMs))}; conflicts ${full.recorder.conflicts}, errors ${full.recorder.errors}`,
    );
    console.log(`    CPU at full load: ${cpu}; load average ${loadavg()[0].toFixed(2)}`);
    if (counted) console.log(counted.report(full.recorder.completions, full.recorder.bundles));

    const half = await openLoop(stack.client, key, departments, Math.max(0.5, bundlesPerSecond / 2), HALF_SECONDS);
    console.log(
      `    half load (open loop, ${rate(bundlesPerSecond / 2)} bundles/s arriving on schedule, ${half.elapsed.toFixed(1)} s): ${rate(half.recorder.completions / half.elapsed)} task completions/s; ` +
        `completion ${formatSummary(summarise(half.recorder.completionMs))}; max bundles in flight ${half.maxInFlight}; conflicts ${half.recorder.conflicts}, errors ${half.recorder.errors}`,
    );

    const driven = [...full.recorder.instanceIds, ...half.recorder.instanceIds];
    const pending = await waitCompleted(stack.db, driven, 20_000);
    const states = await instanceStates(stack.db, pending);
    console.log(`    instances driven through: ${driven.length - pending.length}/${driven.length} completed${pending.length ? ` (not completed: ${[...new Set(states.values())].join(', ') || 'missing'})` : ''}`);

    // (c) the system-task path.
    console.log(await measureSystemTasks(stack));
  } finally {
    await stack.close();
  }

  const ratio = completionsPerSecond / limit.transactionsPerSecond;
  console.log(`task completions/s vs PostgreSQL limit: ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}`);
}

/**
 * Load-independent costs of a phase: SQL statements and pool checkouts each Tongban process made
 * (call-counter.ts, flushed by SIGWINCH), committed transactions (pg_stat_database) and Redis commands
 * (INFO commandstats). Counts span the whole closed loop, so they are divided by its completions;
 * the loop also starts a bundle and lists its tasks for every five completions.
 */
class CallCounts {
  private constructor(
    private readonly stack: TongbanStack,
    private readonly commitsBefore: number,
    private readonly redisBefore: Map<string, number>,
  ) {}

  static async begin(stack: TongbanStack): Promise<CallCounts> {
    for (const process of stack.processes) if (process.pid) globalThis.process.kill(process.pid, 'SIGWINCH');
    return new CallCounts(stack, await commits(stack), await redisCommands(stack));
  }

  async end(dir: string): Promise<{ report: (completions: number, bundles: number) => string }> {
    const commitsAfter = await commits(this.stack);
    const redisAfter = await redisCommands(this.stack);
    const files: Array<{ name: string; pid: number }> = [];
    for (const process of this.stack.processes) {
      if (!process.pid) continue;
      rmSync(join(dir, `${process.pid}.json`), { force: true });
      globalThis.process.kill(process.pid, 'SIGWINCH');
      files.push({ name: process.options.name, pid: process.pid });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const perProcess = files.map(({ name, pid }) => {
      try {
        return { name, ...(JSON.parse(readFileSync(join(dir, `${pid}.json`), 'utf8')) as { statements: number; checkouts: number; byStatement: Record<string, number> }) };
      } catch {
        return { name, statements: Number.NaN, checkouts: Number.NaN, byStatement: {} };
      }
    });
    const redis = new Map<string, number>();
    for (const [command, calls] of redisAfter) redis.set(command, calls - (this.redisBefore.get(command) ?? 0));
    const commitsDone = commitsAfter - this.commitsBefore;
    return {
      report: (completions, bundles) => {
        const per = (n: number): string => (n / completions).toFixed(2);
        const redisTotal = [...redis.values()].reduce((sum, n) => sum + n, 0);
        const lines = [
          `    per completion at full load (${completions} completions, ${bundles} bundles; each bundle = start + list + 5 completions):`,
          ...perProcess.map((p) => `      ${p.name}: ${per(p.statements)} SQL statements, ${per(p.checkouts)} pool checkouts`),
          `      PostgreSQL: ${per(commitsDone)} committed transactions (pg_stat_database, whole database)`,
          `      Redis: ${per(redisTotal)} commands (${[...redis.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, n]) => `${c} ${per(n)}`).join(', ')})`,
        ];
        for (const p of perProcess) {
          const top = Object.entries(p.byStatement).slice(0, 25);
          if (top.length) lines.push(`      ${p.name} statements per completion:`, ...top.map(([text, n]) => `        ${per(n)}  ${text}`));
        }
        return lines.join('\n');
      },
    };
  }
}

async function commits(stack: TongbanStack): Promise<number> {
  const result = await stack.db.query('SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()');
  await stack.db.query('SELECT pg_stat_clear_snapshot()');
  return Number(result.rows[0].n);
}

async function redisCommands(stack: TongbanStack): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  if (!stack.redis) return calls;
  const info = String(await stack.redis.query('INFO', 'commandstats'));
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1], Number(match[2]));
  return calls;
}

async function systemTasksOnly(): Promise<void> {
  const stack = await TongbanStack.start({ name: 'bench_e2e', shape: SHAPE, apiProcesses: API_PROCESSES, env: { NODE_ENV: 'test' }, workerEnv: probedWorkerEnv() });
  try {
    console.log(await measureSystemTasks(stack));
  } finally {
    await stack.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
