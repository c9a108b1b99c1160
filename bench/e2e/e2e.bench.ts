/**
 * End-to-end benchmark on this machine (figures printed, not asserted):
 * (a) PostgreSQL's limit for a completion-shaped transaction, (b) Tongban's task completions over
 * REST at full and at half load, (c) the system-task path. Prints last the ratio of (b) to (a).
 *
 * Tongban runs as the deployment does: one api process and one worker process (separate child
 * processes from dist/, BENCH_SHAPE=combined runs the worker inside the api), a fresh database and a
 * private redis-server. The load generator is this process, on the same two cores.
 */
import { cpus, loadavg } from 'node:os';
import { recreateDatabase, scenarioDatabase } from '../../test/faults/support/database';
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
/** `system-tasks`: only (c), on a stack of its own (its worker probed when BENCH_PROBE=1). */
const ONLY = env.BENCH_ONLY;

const rate = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} before the run (the machine is shared)`);
  if (ONLY === 'system-tasks') return systemTasksOnly();
  // (a) the PostgreSQL limit, measured before Tongban runs so nothing else competes.
  const limitDb = await recreateDatabase(scenarioDatabase('tongban_bench'));
  const limit = await measurePgLimit(limitDb, { seconds: PG_SECONDS, clients: 16 });
  console.log(
    `(a) PostgreSQL limit: ${rate(limit.transactionsPerSecond)} tx/s ` +
      `(BEGIN; UPDATE ~${limit.stateBytes} B jsonb WHERE id AND version; INSERT event; COMMIT; ${limit.clients} clients, synchronous_commit on, ${limit.seconds.toFixed(1)} s) ${formatSummary(limit.latency)}`,
  );

  // (b) Tongban over REST.
  const stack = await TongbanStack.start({ name: 'bench_e2e', shape: SHAPE, apiProcesses: API_PROCESSES, env: { NODE_ENV: 'test' } });
  let completionsPerSecond = Number.NaN;
  try {
    const { key } = await deploy(stack.client, 'bench-five-departments', parallelBundle('bench-five-departments'));
    const departments = FIVE_DEPARTMENTS.length;
    await closedLoop(stack.client, key, departments, CLIENTS, WARMUP_SECONDS);

    const meter = new CpuMeter({
      ...Object.fromEntries(stack.apis.map((api) => [api.options.name, () => api.pid])),
      worker: () => stack.worker?.pid,
      'load generator': () => process.pid,
    }).start();
    const full = await closedLoop(stack.client, key, departments, CLIENTS, FULL_SECONDS);
    const cpu = meter.stop();
    completionsPerSecond = full.recorder.completions / full.elapsed;
    const bundlesPerSecond = full.recorder.bundles / full.elapsed;
    console.log(
      `(b) Tongban (${SHAPE === 'separate' ? `${API_PROCESSES} api process${API_PROCESSES > 1 ? 'es' : ''} + 1 worker process` : 'api with the worker inside, one process'}), five-department bundle, start + 5 completions over REST:`,
    );
    console.log(
      `    full load (${CLIENTS} closed-loop clients, ${full.elapsed.toFixed(1)} s): ${rate(completionsPerSecond)} task completions/s, ${rate(bundlesPerSecond)} bundles/s; ` +
        `completion ${formatSummary(summarise(full.recorder.completionMs))}; start ${formatSummary(summarise(full.recorder.startMs))}; conflicts ${full.recorder.conflicts}, errors ${full.recorder.errors}`,
    );
    console.log(`    CPU at full load: ${cpu}; load average ${loadavg()[0].toFixed(2)}`);

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
