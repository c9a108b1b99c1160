import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { serviceTask } from '../../test/faults/support/bpmn-fixtures';
import { createEffectTables, jobWorkerClientPath } from '../../test/faults/support/department-worker';
import { isOk } from '../../test/faults/support/rest-client';
import type { TongbanStack } from '../../test/faults/support/stack';
import { cpuSeconds } from '../../test/faults/support/process-cpu';
import { repoRoot, TongbanProcess } from '../../test/faults/support/tongban-process';
import { mapLimit, sleep } from '../../test/faults/support/wait';
import { startInstance, tryDeploy, waitCompleted } from '../../test/faults/support/workflow-driver';
import { perOperation, PostgresCpu } from './postgres-cpu';
import { probeEnv, profile, snapshot, total, type ProbeCounts } from './probe';

const INSTANCES = Number(process.env.BENCH_SYSTEM_INSTANCES || 2000);
const JOB_TYPE = 'bench-registry-check';
const PROBE = process.env.BENCH_PROBE === '1';
/** Where the probes of the benchmark's processes write their counts and CPU profiles. */
export const PROBE_DIR = join(repoRoot, '.tmp', 'bench-probe');

/**
 * With BENCH_PROBE=1, Tongban's worker runs with `probe.ts` preloaded (SQL statements, Redis commands and
 * CPU time counted; a CPU profile with BENCH_CPU_PROFILE=1), and (c) prints per job what the worker sent
 * to PostgreSQL and Redis, what Redis executed, and the CPU each process used.
 */
export function probedWorkerEnv(): NodeJS.ProcessEnv {
  if (!PROBE) return {};
  rmSync(PROBE_DIR, { recursive: true, force: true });
  mkdirSync(PROBE_DIR, { recursive: true });
  return probeEnv(PROBE_DIR);
}

interface ProbeSnapshot extends ProbeCounts {
  redisCalls: Record<string, number>;
  redisCpu: number;
  departmentCpu: number;
  commits: number;
}

/** What the processes of (c) have done so far (see `probedWorkerEnv`). */
/** The commands the bench's Redis has executed so far, by name (INFO commandstats: commands run inside scripts count too). */
async function redisCalls(stack: TongbanStack): Promise<Record<string, number>> {
  const stats = await stack.redis!.command('INFO', 'commandstats');
  const calls: Record<string, number> = {};
  for (const match of stats.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) calls[match[1]] = Number(match[2]);
  return calls;
}

/** Redis commands per instance while the instances were started and their jobs queued (the api's and the relay's). */
function perStart(before: Record<string, number>, after: Record<string, number>, instances: number): string {
  const calls = Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)] as const).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]);
  const per = (n: number) => (n / instances).toFixed(2);
  return `    starting the instances and queueing their jobs, per instance: Redis executed ${per(calls.reduce((sum, [, v]) => sum + v, 0))} commands (${calls.map(([k, v]) => `${per(v)} ${k}`).join(', ')})`;
}

async function probeSnapshot(stack: TongbanStack, department: TongbanProcess): Promise<ProbeSnapshot> {
  const worker = await snapshot(stack.worker!.pid!, PROBE_DIR);
  if (!worker) throw new Error(`Tongban's worker (pid ${stack.worker!.pid}) wrote no probe counts to ${PROBE_DIR}`);
  const calls = await redisCalls(stack);
  const cpuInfo = await stack.redis!.command('INFO', 'cpu');
  const redisCpu = Number(/used_cpu_sys:([\d.]+)/.exec(cpuInfo)?.[1]) + Number(/used_cpu_user:([\d.]+)/.exec(cpuInfo)?.[1]);
  const [{ commits }] = (await stack.db.query<{ commits: string }>(`SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`)).rows;
  return { ...worker, redisCalls: calls, redisCpu, departmentCpu: cpuSeconds(department.pid) || 0, commits: Number(commits) };
}

/** Waits until the worker is idle: fewer than 50 statements in a second (its relay and sweeps poll). */
async function settled(stack: TongbanStack, department: TongbanProcess): Promise<ProbeSnapshot> {
  let last = await probeSnapshot(stack, department);
  for (;;) {
    await sleep(1000);
    const next = await probeSnapshot(stack, department);
    if (total(next.statements) - total(last.statements) < 50) return next;
    last = next;
  }
}

function perJob(before: ProbeSnapshot, after: ProbeSnapshot, jobs: number): string {
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.entries(b).map(([k, v]) => [k, v - (a[k] ?? 0)] as const).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]);
  const per = (n: number) => (n / jobs).toFixed(2);
  const statements = delta(before.statements, after.statements);
  const redis = delta(before.redis, after.redis);
  const calls = delta(before.redisCalls, after.redisCalls);
  const workerCpu = (after.cpuMicros - before.cpuMicros) / jobs;
  return [
    `    per job, Tongban's worker: ${per(total(Object.fromEntries(statements)))} SQL statements, ${per(after.commits - before.commits)} commits (whole database), ${per(total(Object.fromEntries(redis)))} Redis commands sent; Redis executed ${per(total(Object.fromEntries(calls)))} commands (all clients)`,
    `    CPU per job: worker ${workerCpu.toFixed(0)} µs, Redis ${((after.redisCpu - before.redisCpu) * 1e6 / jobs).toFixed(0)} µs, department worker ${((after.departmentCpu - before.departmentCpu) * 1e6 / jobs).toFixed(0)} µs`,
    `    statements per job: ${statements.map(([k, v]) => `${per(v)} ${k}`).join(' | ')}`,
    `    Redis commands per job (worker): ${redis.map(([k, v]) => `${per(v)} ${k}`).join(', ')}`,
    `    Redis commands per job (executed): ${calls.map(([k, v]) => `${per(v)} ${k}`).join(', ')}`,
  ].join('\n');
}

/**
 * (c) The system-task path: instances wait in a service task; one department system, a BullMQ worker
 * in its own process (Tongban's `createJobWorker`), takes the jobs from the queue and reports results;
 * Tongban's one worker process applies each result and the engine advances the instance to its end.
 * The instances are started first with the department worker stopped, so its queue is full; then it
 * starts and the clock runs until every instance has ended. Returns the line to print.
 */
export async function measureSystemTasks(stack: TongbanStack, { probed }: { probed: boolean }): Promise<string> {
  const deployed = await tryDeploy(stack.client, 'bench-system-task', serviceTask('bench-system-task', JOB_TYPE));
  if (!isOk(deployed.status)) return `(c) system-task path: not measured (a service-task model is refused: ${deployed.status} ${JSON.stringify(deployed.body).slice(0, 160)})`;
  if (!existsSync(jobWorkerClientPath)) return `(c) system-task path: not measured (no BullMQ job-worker client at ${jobWorkerClientPath})`;
  const key = deployed.body.processes[0].key as string;
  await createEffectTables(stack.db);
  const department = new TongbanProcess({ kind: 'department-worker', name: 'bench-department-worker', logDir: stack.logDir, env: { ...stack.env, JOB_TYPE, JOB_CONCURRENCY: '32' }, readyPattern: /department worker started/ });
  try {
    const probe = await startInstance(stack.client, key);
    await department.start();
    const probeDone = isOk(probe.status) && (await waitCompleted(stack.db, [probe.body.id], 15_000)).length === 0;
    if (!probeDone) return `(c) system-task path: not measured (a service-task instance did not complete within 15 s with a department worker on its queue)`;
    await department.stop();
    const probeJobs = (await stack.db.query<{ job_id: string }>(`SELECT job_id FROM fault_effect`)).rows.map((row) => row.job_id);

    const beforeStarts = probed ? await redisCalls(stack) : undefined;
    const refused = new Map<number, number>();
    const ids = (await mapLimit(Array.from({ length: INSTANCES }), 16, async () => {
      const res = await startInstance(stack.client, key);
      if (!isOk(res.status)) refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
      return isOk(res.status) ? (res.body.id as string) : undefined;
    })).filter((id): id is string => !!id);
    if (refused.size > 0) return `(c) system-task path: not measured (${[...refused].map(([status, n]) => `${n} starts answered ${status}`).join(', ')} of ${INSTANCES})`;
    const before = probed ? await settled(stack, department) : undefined;
    const starting = before && beforeStarts ? `\n${perStart(beforeStarts, before.redisCalls, ids.length)}` : '';
    const profiled = before && process.env.BENCH_CPU_PROFILE === '1' ? stack.worker!.pid! : undefined;
    if (profiled) await profile(profiled, PROBE_DIR, 'start');
    const postgresCpu = await PostgresCpu.start(stack.databaseUrl, stack.redis);
    const began = performance.now();
    await department.start();
    const pending = await waitCompleted(stack.db, ids, 60_000);
    const seconds = (performance.now() - began) / 1000;
    const done = ids.length - pending.length;
    const window = await stack.db.query(
      `SELECT count(*)::int AS n, extract(epoch FROM max(p.ended_at) - (SELECT min(at) FROM fault_effect WHERE job_id <> ALL($2::text[])))::float AS seconds
         FROM process_instance p WHERE p.id = ANY($1::uuid[]) AND p.state = 'completed'`,
      [ids, probeJobs],
    );
    const flowing = window.rows[0].n / window.rows[0].seconds;
    let report = '';
    if (before) {
      const after = await settled(stack, department);
      // per job applied while probed: the ones that ended after the clock stopped count too
      const applied = ids.length - (await waitCompleted(stack.db, ids, 0)).length;
      report = `${starting}\n${perJob(before, after, applied)}`;
    }
    // the worker's last relay and sweep rounds after the last instance ended count too (awaited by `settled` when probed)
    if (!before) await sleep(1000);
    const serverCpu = await postgresCpu?.stop();
    // with TONGBAN_JOB_GROUP_SIZE above 1, how the relay grouped the jobs' messages
    const grouped = await stack.db.query<{ messages: number; grouped: number; groups: number }>(
      `SELECT count(*)::int AS messages, count(payload->>'queueGroupId')::int AS grouped, count(DISTINCT payload->>'queueGroupId')::int AS groups FROM outbox WHERE topic = $1`,
      [`jobs.${JOB_TYPE}`],
    );
    const { messages, grouped: inGroups, groups } = grouped.rows[0];
    report += `\n    job messages: ${messages} published, ${inGroups} of them in ${groups} groups (${groups > 0 ? (inGroups / groups).toFixed(1) : '0'} a group; TONGBAN_JOB_GROUP_SIZE=${process.env.TONGBAN_JOB_GROUP_SIZE || 1})`;
    report += `\n    ${serverCpu ? perOperation(serverCpu, done, 'job') : 'PostgreSQL CPU: not measured (its processes are not on this machine)'}`;
    if (profiled) report += `\n    CPU profile of Tongban's worker: ${(await profile(profiled, PROBE_DIR, 'stop')) ?? '(not written)'}`;
    return (
      `(c) system-task path (one department BullMQ worker process, concurrency 32, and Tongban's one worker process applying results): ` +
      `${flowing.toFixed(1)} jobs/s from the first job taken to the last instance ended (${done}/${ids.length} jobs; ${(done / seconds).toFixed(1)} jobs/s counting the worker's start, ${seconds.toFixed(1)} s)` + report
    );
  } finally {
    await department.close();
  }
}
