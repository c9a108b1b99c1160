/**
 * End-to-end benchmark on this machine (figures printed, not asserted):
 * (a) PostgreSQL's limit for a completion-shaped transaction, (b) Tongban's task completions over
 * REST at full and at half load, (c) the system-task path. Prints last the ratio of (b) to (a).
 *
 * Tongban runs as the deployment does: one api process and one worker process (separate child
 * processes from dist/, BENCH_SHAPE=combined runs the worker inside the api), a fresh database and a
 * private redis-server. The load generator is this process, on the same two cores.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { databaseName, recreateDatabase } from '../../test/faults/support/database';
import { CpuMeter } from '../../test/faults/support/process-cpu';
import { formatSummary, summarise } from '../../test/faults/support/latency';
import { TongbanStack } from '../../test/faults/support/stack';
import { parallelBundle, FIVE_DEPARTMENTS } from '../../test/faults/support/bpmn-fixtures';
import { deploy, instanceStates, waitCompleted } from '../../test/faults/support/workflow-driver';
import { closedLoop, openLoop } from './bundle-load';
import { measurePgLimit } from './pg-limit';
import { detailPerOperation, perOperation, PostgresCpu } from './postgres-cpu';
import { difference, probeEnv, profile, routeReport, snapshot, total, type ProbeCounts } from './probe';
import { measureStarts } from './starts';
import { measureSystemTasks, PROBE_DIR, probedWorkerEnv } from './system-tasks';
import { HalfDiagnosis, tally } from './half-load';
import { describeWarmUp, warmUp } from './warm-up';

const env = process.env;
const PG_SECONDS = Number(env.BENCH_PG_SECONDS || 10);
const CLIENTS = Number(env.BENCH_CLIENTS || 16);
const FULL_SECONDS = Number(env.BENCH_FULL_SECONDS || 20);
const HALF_SECONDS = Number(env.BENCH_HALF_SECONDS || 20);
/** Warm-up: `BENCH_WARMUP_SECONDS` fixes its length; unset, the full load runs in windows until the api's CPU per completion is steady (warm-up.ts). */
const WARMUP = {
  fixedSeconds: env.BENCH_WARMUP_SECONDS ? Number(env.BENCH_WARMUP_SECONDS) : undefined,
  windowCompletions: Number(env.BENCH_WARMUP_WINDOW_COMPLETIONS || 500),
  maxSeconds: Number(env.BENCH_WARMUP_MAX_SECONDS || 60),
  tolerance: 0.1,
};
/** `BENCH_ONLY=half`: repeated half-load windows with what their slowest completions coincided with. */
const HALF_RUNS = Number(env.BENCH_HALF_RUNS || 5);
/** Bundles/s of the half load in `BENCH_ONLY=half`; unset, half of a full-load phase's rate as in the whole bench. */
const HALF_RATE = env.BENCH_HALF_BUNDLES_PER_SECOND ? Number(env.BENCH_HALF_BUNDLES_PER_SECOND) : undefined;
const SHAPE = env.BENCH_SHAPE === 'combined' ? 'combined' : 'separate';
const API_PROCESSES = SHAPE === 'combined' ? 1 : Number(env.BENCH_API_PROCESSES || 1);
/** Copies of each api process under its cluster primary (TONGBAN_API_PROCESSES); 1: no primary. */
const API_CLUSTER = Number(env.BENCH_API_CLUSTER || 1);
/** Options of node for the api processes, e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof` to profile them (given on the command line: NODE_OPTIONS refuses --cpu-prof). */
const API_NODE_OPTIONS = env.BENCH_API_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
/** `1`: count SQL statements, pool checkouts, Redis commands and CPU per completion at full load (probe.ts in every Tongban process); `BENCH_ROUTE_CPU=1` also the time by HTTP route. */
const COUNT_CALLS = env.BENCH_COUNT_CALLS === '1' || env.BENCH_CPU_PROFILE === '1' || env.BENCH_ROUTE_CPU === '1';
/** `1`: a CPU profile of each api process over the full-load phase, in .tmp/bench-probe/<pid>.cpuprofile. */
const CPU_PROFILE = env.BENCH_CPU_PROFILE === '1';
/** `system-tasks`: only (c), on a stack of its own (its worker probed when BENCH_PROBE=1); `starts`: only the start (`starts.ts`), its api probed. */
const ONLY = env.BENCH_ONLY;
/** One API key drives every portal and clerk of the bench: the default limit per key (6,000 a minute) would cap the rate measured (and answer (c)'s starts with 429). */
const UNLIMITED_KEY = { TONGBAN_API_RATE_LIMIT: '100000000' };
/** Working days of a time limit on every approval of (b)'s bundle (`tongban:timeLimitDays`): each task then has a clock; none when unset. */
const STEP_LIMIT_DAYS = env.BENCH_STEP_LIMIT_DAYS ? Number(env.BENCH_STEP_LIMIT_DAYS) : undefined;

const rate = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} before the run (the machine is shared)`);
  if (ONLY === 'system-tasks') return systemTasksOnly();
  if (ONLY === 'starts') return startsOnly();
  if (ONLY === 'half') return halfOnly();
  // (a) the PostgreSQL limit, measured before Tongban runs so nothing else competes.
  const limitDb = await recreateDatabase(databaseName('bench'));
  const limit = await measurePgLimit(limitDb, { seconds: PG_SECONDS, clients: 16 });
  console.log(
    `(a) PostgreSQL limit: ${rate(limit.transactionsPerSecond)} tx/s ` +
      `(BEGIN; UPDATE ~${limit.stateBytes} B jsonb WHERE id AND version; INSERT event; COMMIT; ${limit.clients} clients, synchronous_commit on, ${limit.seconds.toFixed(1)} s) ${formatSummary(limit.latency)}`,
  );

  // (b) Tongban over REST.
  const stack = await startRestStack(COUNT_CALLS);
  let completionsPerSecond = Number.NaN;
  try {
    if (API_CLUSTER > 1) await Promise.all(stack.apis.map((api) => api.waitForOutput(new RegExp(`api copy ${API_CLUSTER} \\(pid \\d+\\) listening`), 120_000)));
    const bundle = parallelBundle('bench-five-departments');
    const { key } = await deploy(stack.client, 'bench-five-departments', STEP_LIMIT_DAYS === undefined ? bundle : bundle.replace(/tongban:department=/g, `tongban:timeLimitDays="${STEP_LIMIT_DAYS}" tongban:department=`));
    const departments = FIVE_DEPARTMENTS.length;
    const warm = await warmUp((seconds, until) => closedLoop(stack.client, key, departments, CLIENTS, seconds, until), apiPids(stack), WARMUP);

    const meter = new CpuMeter({
      ...Object.fromEntries(stack.apis.map((api) => [api.options.name, () => api.pid])),
      worker: () => stack.worker?.pid,
      'load generator': () => process.pid,
    }, stack.apis.map((api) => api.options.name)).start();
    const counts = COUNT_CALLS ? await CallCounts.begin(stack) : undefined;
    const postgresCpu = await PostgresCpu.start(stack.databaseUrl, stack.redis);
    if (CPU_PROFILE) for (const api of stack.apis) if (api.pid) await profile(api.pid, PROBE_DIR, 'start');
    const fullFrom = process.hrtime.bigint();
    const full = await closedLoop(stack.client, key, departments, CLIENTS, FULL_SECONDS);
    const cpu = meter.stop();
    const serverCpu = await postgresCpu?.stop();
    const profiles = CPU_PROFILE ? await Promise.all(stack.apis.map((api) => (api.pid ? profile(api.pid, PROBE_DIR, 'stop') : undefined))) : [];
    const counted = counts ? await counts.end() : undefined;
    // The monotonic clock is the one V8's CPU profiles count in: a profile's samples of the full-load window can be picked out.
    if (API_NODE_OPTIONS.length) console.log(`    full-load window on the monotonic clock: ${fullFrom / 1000n}–${process.hrtime.bigint() / 1000n} µs`);
    completionsPerSecond = full.recorder.completions / full.elapsed;
    const bundlesPerSecond = full.recorder.bundles / full.elapsed;
    console.log(
      `(b) Tongban (${SHAPE === 'separate' ? `${API_PROCESSES} api process${API_PROCESSES > 1 ? 'es' : ''}${API_CLUSTER > 1 ? ` of ${API_CLUSTER} cluster copies each` : ''} + 1 worker process` : 'api with the worker inside, one process'}), five-department bundle${STEP_LIMIT_DAYS === undefined ? '' : ` (${STEP_LIMIT_DAYS} working days on each approval)`}, start + 5 completions over REST:`,
    );
    console.log(
      `    full load (${CLIENTS} closed-loop clients, ${full.elapsed.toFixed(1)} s): ${rate(completionsPerSecond)} task completions/s, ${rate(bundlesPerSecond)} bundles/s; ` +
        `completion ${formatSummary(summarise(full.recorder.completionMs))}; start ${formatSummary(summarise(full.recorder.startMs))}; conflicts ${full.recorder.conflicts}, errors ${full.recorder.errors}`,
    );
    const perCompletion = [...meter.used].map(([name, seconds]) => `${name} ${Number.isFinite(seconds) ? Math.round((seconds * 1e6) / full.recorder.completions) : 'n/a'}`).join(', ');
    console.log(describeWarmUp(warm, WARMUP));
    console.log(`    CPU at full load: ${cpu}; load average ${loadavg()[0].toFixed(2)}`);
    console.log(`    CPU-µs per completion (process CPU ÷ completions, the bundle's start and list included): ${perCompletion}`);
    console.log(`    ${serverCpu ? perOperation(serverCpu, full.recorder.completions, 'completion') : 'PostgreSQL CPU: not measured (its processes are not on this machine)'}`);
    if (serverCpu && COUNT_CALLS) console.log(detailPerOperation(serverCpu, full.recorder.completions, 'completion'));
    if (counted) console.log(counted.report(full.recorder.completions, full.recorder.bundles));
    if (CPU_PROFILE) console.log(`    CPU profiles of the api over the full load: ${profiles.map((file) => file ?? '(not written)').join(', ')} (node dist/bench/e2e/cpu-profile-functions.js <file>)`);

    const diagnosis = await HalfDiagnosis.begin(stack, COUNT_CALLS ? PROBE_DIR : undefined);
    const half = await openLoop(stack.client, key, departments, Math.max(0.5, bundlesPerSecond / 2), HALF_SECONDS);
    console.log(
      `    half load (open loop, ${rate(bundlesPerSecond / 2)} bundles/s arriving on schedule, ${half.elapsed.toFixed(1)} s): ${rate(half.recorder.completions / half.elapsed)} task completions/s; ` +
        `completion ${formatSummary(summarise(half.recorder.completionMs))}; max bundles in flight ${half.maxInFlight}; conflicts ${half.recorder.conflicts}, errors ${half.recorder.errors}`,
    );
    console.log((await diagnosis.end(half.recorder, 'half load, what its slowest completions met')).text);

    const driven = [...full.recorder.instanceIds, ...half.recorder.instanceIds];
    const pending = await waitCompleted(stack.db, driven, 20_000);
    const states = await instanceStates(stack.db, pending);
    console.log(`    instances driven through: ${driven.length - pending.length}/${driven.length} completed${pending.length ? ` (not completed: ${[...new Set(states.values())].join(', ') || 'missing'})` : ''}`);

    // (c) the system-task path.
    console.log(await measureSystemTasks(stack, { probed: COUNT_CALLS }));
  } finally {
    await stack.close();
  }

  const ratio = completionsPerSecond / limit.transactionsPerSecond;
  console.log(`task completions/s vs PostgreSQL limit: ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}`);
}

/**
 * Load-independent costs of a phase: SQL statements, pool checkouts and CPU each Tongban process spent
 * (probe.ts, two snapshots), committed transactions (pg_stat_database) and Redis commands executed
 * (INFO commandstats). Counts span the whole closed loop, so they are divided by its completions;
 * the loop also starts a bundle and lists its tasks for every five completions.
 */
class CallCounts {
  private constructor(
    private readonly stack: TongbanStack,
    private readonly before: Map<number, ProbeCounts | undefined>,
    private readonly commitsBefore: number,
    private readonly redisBefore: Map<string, number>,
  ) {}

  static async begin(stack: TongbanStack): Promise<CallCounts> {
    const before = new Map<number, ProbeCounts | undefined>();
    for (const process of stack.processes) if (process.pid) before.set(process.pid, await snapshot(process.pid, PROBE_DIR));
    return new CallCounts(stack, before, await commits(stack), await redisCommands(stack));
  }

  async end(): Promise<{ report: (completions: number, bundles: number) => string }> {
    const commitsAfter = await commits(this.stack);
    const redisAfter = await redisCommands(this.stack);
    const perProcess: Array<{ name: string; counts?: ProbeCounts }> = [];
    for (const process of this.stack.processes) {
      if (!process.pid) continue;
      const before = this.before.get(process.pid);
      const after = await snapshot(process.pid, PROBE_DIR);
      perProcess.push({ name: process.options.name, counts: before && after ? difference(before, after) : undefined });
    }
    const redis = new Map<string, number>();
    for (const [command, calls] of redisAfter) redis.set(command, calls - (this.redisBefore.get(command) ?? 0));
    const commitsDone = commitsAfter - this.commitsBefore;
    return {
      report: (completions, bundles) => {
        const per = (n: number): string => (n / completions).toFixed(2);
        const redisTotal = [...redis.values()].reduce((sum, n) => sum + n, 0);
        const lines = [
          `    per completion at full load (${completions} completions, ${bundles} bundles; each bundle = start + list + 5 completions):`,
          ...perProcess.map(({ name, counts }) =>
            counts
              ? `      ${name}: ${per(total(counts.statements))} SQL statements, ${per(counts.checkouts)} pool checkouts, ${per(total(counts.redis))} Redis commands sent, ${(counts.cpuMicros / completions).toFixed(0)} CPU-µs`
              : `      ${name}: (no probe answer)`,
          ),
          `      PostgreSQL: ${per(commitsDone)} committed transactions (pg_stat_database, whole database)`,
          `      Redis: ${per(redisTotal)} commands executed (${[...redis.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, n]) => `${c} ${per(n)}`).join(', ')})`,
          ...perProcess.flatMap(({ name, counts }) => (counts ? routeReport(counts, `      ${name} `) : [])),
        ];
        for (const { name, counts } of perProcess) {
          const top = Object.entries(counts?.statements ?? {}).slice(0, 25);
          if (top.length) lines.push(`      ${name} statements per completion:`, ...top.map(([text, n]) => `        ${per(n)}  ${text}`));
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
  const stack = await TongbanStack.start({ name: 'bench_e2e', shape: SHAPE, apiProcesses: API_PROCESSES, env: { NODE_ENV: 'test' }, apiEnv: UNLIMITED_KEY, workerEnv: probedWorkerEnv() });
  try {
    console.log(await measureSystemTasks(stack, { probed: process.env.BENCH_PROBE === '1' }));
  } finally {
    await stack.close();
  }
}

/** (b)'s stack: api processes and a worker process from dist/, each probed (probe.ts) when `probed`. */
async function startRestStack(probed: boolean): Promise<TongbanStack> {
  if (probed) {
    rmSync(PROBE_DIR, { recursive: true, force: true });
    mkdirSync(PROBE_DIR, { recursive: true });
  }
  return TongbanStack.start({
    name: 'bench_e2e',
    shape: SHAPE,
    apiProcesses: API_PROCESSES,
    env: { NODE_ENV: 'test', ...(probed ? probeEnv(PROBE_DIR) : {}) },
    apiEnv: { TONGBAN_API_PROCESSES: String(API_CLUSTER), ...UNLIMITED_KEY },
    apiNodeArgs: API_NODE_OPTIONS,
  });
}

/** The api processes' pids by name, for a CpuMeter (each one's cluster copies count with it). */
function apiPids(stack: TongbanStack): Record<string, () => number | undefined> {
  return Object.fromEntries(stack.apis.map((api) => [api.options.name, () => api.pid]));
}

/**
 * `BENCH_ONLY=half`: the half load alone, `BENCH_HALF_RUNS` windows one after another on one warm stack (every
 * Tongban process probed), each with what its slowest completions coincided with; then the p99s side by side.
 */
async function halfOnly(): Promise<void> {
  const stack = await startRestStack(true);
  try {
    const bundle = parallelBundle('bench-five-departments');
    const { key } = await deploy(stack.client, 'bench-five-departments', STEP_LIMIT_DAYS === undefined ? bundle : bundle.replace(/tongban:department=/g, `tongban:timeLimitDays="${STEP_LIMIT_DAYS}" tongban:department=`));
    const departments = FIVE_DEPARTMENTS.length;
    const warm = await warmUp((seconds, until) => closedLoop(stack.client, key, departments, CLIENTS, seconds, until), apiPids(stack), WARMUP);
    console.log(describeWarmUp(warm, WARMUP));
    let bundlesPerSecond = HALF_RATE;
    if (bundlesPerSecond === undefined) {
      const full = await closedLoop(stack.client, key, departments, CLIENTS, FULL_SECONDS);
      bundlesPerSecond = full.recorder.bundles / full.elapsed / 2;
      console.log(`    full load (${CLIENTS} clients, ${full.elapsed.toFixed(1)} s): ${rate(full.recorder.completions / full.elapsed)} task completions/s, completion ${formatSummary(summarise(full.recorder.completionMs))}`);
    }
    const p99s: number[] = [];
    const met: string[][] = [];
    for (let run = 1; run <= HALF_RUNS; run++) {
      const diagnosis = await HalfDiagnosis.begin(stack, PROBE_DIR);
      const half = await openLoop(stack.client, key, departments, Math.max(0.5, bundlesPerSecond), HALF_SECONDS);
      const { text, p99, met: slowestMet } = await diagnosis.end(half.recorder, `half load ${run}/${HALF_RUNS} (${rate(bundlesPerSecond)} bundles/s, ${half.elapsed.toFixed(1)} s, max bundles in flight ${half.maxInFlight}, errors ${half.recorder.errors}, load average ${loadavg()[0].toFixed(2)})`);
      console.log(text);
      p99s.push(p99);
      met.push(...slowestMet);
    }
    const sorted = [...p99s].sort((a, b) => a - b);
    console.log(`what the windows' slowest completions met: ${tally(met)}`);
    console.log(`half-load completion p99 over ${p99s.length} windows: ${p99s.map((p) => p.toFixed(1)).join(', ')} ms (median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`);
  } finally {
    await stack.close();
  }
}

async function startsOnly(): Promise<void> {
  rmSync(PROBE_DIR, { recursive: true, force: true });
  mkdirSync(PROBE_DIR, { recursive: true });
  const stack = await TongbanStack.start({ name: 'bench_e2e', shape: SHAPE, apiProcesses: 1, env: { NODE_ENV: 'test' }, apiEnv: { ...probeEnv(PROBE_DIR), ...UNLIMITED_KEY } });
  try {
    console.log(await measureStarts(stack, PROBE_DIR));
  } finally {
    await stack.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
