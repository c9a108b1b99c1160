/**
 * Cost growth with stored data (figures printed, not asserted): with 10k, 100k and 1M instances and
 * tasks stored, the p99 of the clerk's inbox list, the task view, a task completion and the
 * supervisor's query, and the memory of the api and worker processes. The stored cases are clones
 * of real instances made by `StoredDataLoader` (SQL, not the API); 90 % of them have ended, 10 % wait
 * in an open task, spread over 40 departments (the clerk's is one of them), each task with its clock
 * (a third of the open ones warned), each case with its application and its notifications, as in an
 * agency's database after some years.
 *
 * Tongban runs as in bench:e2e: one api and one worker process from dist/, a fresh database and a
 * private redis-server. Requests are sent one at a time, so the figures are latencies, not throughput.
 */
import { readFileSync } from 'node:fs';
import { freePort } from '../../apps/tongban/src/embedded/free-port';
import { cpus, loadavg } from 'node:os';
import { formatMs, summarise } from '../../test/faults/support/latency';
import { singleTask } from '../../test/faults/support/bpmn-fixtures';
import { asUser, clerkOf, isOk, type RestClient } from '../../test/faults/support/rest-client';
import { TongbanStack } from '../../test/faults/support/stack';
import { completeTask, deploy, openTasks, startOrThrow, waitCompleted, type TaskView } from '../../test/faults/support/workflow-driver';
import { liveHeapMb } from './live-heap';
import { StoredDataLoader } from './stored-data-loader';

const env = process.env;
const SCALES = (env.BENCH_GROWTH_SCALES || '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
const SAMPLES = Number(env.BENCH_GROWTH_SAMPLES || 200);
const OPEN_SHARE = 0.1;
const DEPARTMENT = 'market-regulation';
/** Scenario name (the database is `tongban_<name>`), so that runs beside each other do not share a database. */
const NAME = env.BENCH_GROWTH_NAME || 'bench_growth';

interface Row {
  scale: number;
  inbox: number;
  taskView: number;
  completion: number;
  supervision: number;
  apiMb: number;
  workerMb: number;
  apiHeapMb: number;
  workerHeapMb: number;
  /** Heap still used after a full garbage collection: what the process holds. */
  apiLiveMb: number;
  workerLiveMb: number;
  loadSeconds: number;
}

/** Resident memory of a process in MB, from /proc; NaN where unavailable. */
function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Used V8 heap of a process in MB, from its operations listener's `/metrics`; NaN where unavailable. */
async function heapMb(metricsPort: number): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const bytes = /^nodejs_heap_size_used_bytes\s+([0-9.e+]+)/m.exec(text)?.[1];
    return bytes ? Number(bytes) / 1024 / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** p99 of `samples` sequential calls of `call`, each timed; a non-2xx answer stops the bench. */
async function p99(what: string, call: (i: number) => Promise<{ status: number; body?: unknown }>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const began = performance.now();
    const res = await call(i);
    times.push(performance.now() - began);
    if (!isOk(res.status)) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  return summarise(times).p99;
}

/** The supervisor's query: the supervision list where the api has it, else the monitor's instance search. */
async function supervisionQuery(client: RestClient): Promise<{ label: string; path: string }> {
  const supervision = '/api/v1/supervision/cases?limit=20';
  const res = await client.get(supervision, asUser('supervisor'));
  return isOk(res.status) ? { label: 'supervision cases', path: supervision } : { label: 'active instances search', path: '/api/v1/process-instances?state=active&limit=20' };
}

async function measure(
  stack: TongbanStack, processKey: string, supervisionPath: string, metricsPorts: { api: number; worker: number }, inspectorPorts: { api: number; worker: number },
): Promise<Omit<Row, 'scale' | 'loadSeconds'>> {
  const clerk = clerkOf(DEPARTMENT);
  // live instances of this round: SAMPLES to view, SAMPLES to complete
  const live: string[] = [];
  for (let i = 0; i < 2 * SAMPLES; i++) live.push(await startOrThrow(stack.client, processKey));
  const tasks: TaskView[] = [];
  for (const id of live) tasks.push((await openTasks(stack.client, id, 1))[0]);
  if (tasks.some((task) => !task)) throw new Error('a started instance has no open task');
  // tokens signed in before a long load expire: sign in again, untimed, before the timed requests
  stack.client.forgetTokens();
  for (const user of [clerk, asUser('supervisor')]) await stack.client.get('/api/v1/tasks?limit=1', user);
  const inbox = await p99('the inbox list', () => stack.client.get(`/api/v1/tasks?department=${DEPARTMENT}&state=open&limit=20`, clerk));
  const taskView = await p99('the task view', (i) => stack.client.get(`/api/v1/tasks/${tasks[i].id}`, clerk));
  const completion = await p99('a completion', (i) => completeTask(stack.client, tasks[SAMPLES + i]));
  const supervision = await p99('the supervision query', () => stack.client.get(supervisionPath, asUser('supervisor')));
  const pending = await waitCompleted(stack.db, live.slice(SAMPLES), 30_000);
  if (pending.length) throw new Error(`${pending.length} completed tasks did not end their instances`);
  for (const task of tasks.slice(0, SAMPLES)) await completeTask(stack.client, task);
  return {
    inbox, taskView, completion, supervision, apiMb: rssMb(stack.api.pid), workerMb: rssMb(stack.worker?.pid),
    apiHeapMb: await heapMb(metricsPorts.api), workerHeapMb: await heapMb(metricsPorts.worker),
    apiLiveMb: await liveHeapMb(inspectorPorts.api), workerLiveMb: await liveHeapMb(inspectorPorts.worker),
  };
}

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} before the run (the machine is shared)`);
  console.log(`scales: ${SCALES.join(', ')} stored instances (as many tasks), ${SAMPLES} sequential samples per figure`);
  const metricsPorts = { api: await freePort(), worker: await freePort() };
  const inspectorPorts = { api: await freePort(), worker: await freePort() };
  const inspect = (port: number) => `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${port}`.trim();
  const stack = await TongbanStack.start({
    name: NAME, apiProcesses: 1, workerProcesses: 1, env: { NODE_ENV: 'test' },
    apiEnv: { TONGBAN_METRICS_PORT: String(metricsPorts.api), NODE_OPTIONS: inspect(inspectorPorts.api) },
    workerEnv: { TONGBAN_METRICS_PORT: String(metricsPorts.worker), NODE_OPTIONS: inspect(inspectorPorts.worker) },
  });
  try {
    const { key } = await deploy(stack.client, 'growth-single', singleTask('growth-single', DEPARTMENT));
    const openTemplate = await startOrThrow(stack.client, key);
    const endedTemplate = await startOrThrow(stack.client, key);
    const [task] = await openTasks(stack.client, endedTemplate, 1);
    const done = await completeTask(stack.client, task);
    if (!isOk(done.status)) throw new Error(`completing the template task answered ${done.status}`);
    if ((await waitCompleted(stack.db, [endedTemplate], 20_000)).length) throw new Error('the template instance did not end');
    const { label, path } = await supervisionQuery(stack.client);
    console.log(`supervisor's query: ${label} (${path})`);

    const loader = new StoredDataLoader(stack.db);
    const rows: Row[] = [];
    let stored = (await loader.counts()).process_instance;
    for (const scale of SCALES) {
      const missing = Math.max(0, scale - stored);
      const open = Math.round(missing * OPEN_SHARE);
      const loadSeconds = (await loader.clone(openTemplate, open)) + (await loader.clone(endedTemplate, missing - open));
      stored = (await loader.counts()).process_instance;
      const row = { scale, loadSeconds, ...(await measure(stack, key, path, metricsPorts, inspectorPorts)) };
      rows.push(row);
      const counts = await loader.counts();
      console.log(
        `${scale}: stored ${counts.process_instance} instances, ${counts.task} tasks, ${counts.task_clock} task clocks, ${counts.application} applications, ${counts.notification} notifications, ${counts.history_event} history events, ${counts.outbox} outbox rows (loaded in ${loadSeconds.toFixed(1)} s); ` +
          `p99 inbox ${formatMs(row.inbox)}, task view ${formatMs(row.taskView)}, completion ${formatMs(row.completion)}, ${label} ${formatMs(row.supervision)}; ` +
          `RSS api ${row.apiMb.toFixed(0)} MB, worker ${row.workerMb.toFixed(0)} MB; heap used api ${row.apiHeapMb.toFixed(0)} MB, worker ${row.workerHeapMb.toFixed(0)} MB; ` +
          `heap after GC api ${row.apiLiveMb.toFixed(1)} MB, worker ${row.workerLiveMb.toFixed(1)} MB`,
      );
    }

    const base = rows[0];
    const ratio = (value: number, of: number): string => (Number.isFinite(value / of) ? `${(value / of).toFixed(2)}×` : 'n/a');
    console.log('\n| stored | load | inbox p99 | task view p99 | completion p99 | supervision p99 | api RSS / heap / after GC | worker RSS / heap / after GC |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of rows) {
      console.log(
        `| ${row.scale.toLocaleString('en')} | ${row.loadSeconds.toFixed(1)} s | ${formatMs(row.inbox)} | ${formatMs(row.taskView)} | ${formatMs(row.completion)} | ${formatMs(row.supervision)} | ` +
          `${row.apiMb.toFixed(0)} / ${row.apiHeapMb.toFixed(0)} / ${row.apiLiveMb.toFixed(0)} MB | ${row.workerMb.toFixed(0)} / ${row.workerHeapMb.toFixed(0)} / ${row.workerLiveMb.toFixed(0)} MB |`,
      );
    }
    const last = rows[rows.length - 1];
    console.log(
      `\ngrowth ${base.scale.toLocaleString('en')} → ${last.scale.toLocaleString('en')} stored (p99 ratio, goal ≤ 2×): inbox ${ratio(last.inbox, base.inbox)}, task view ${ratio(last.taskView, base.taskView)}, ` +
        `completion ${ratio(last.completion, base.completion)}, supervision ${ratio(last.supervision, base.supervision)}; RSS api ${ratio(last.apiMb, base.apiMb)}, worker ${ratio(last.workerMb, base.workerMb)}; heap api ${ratio(last.apiHeapMb, base.apiHeapMb)}, worker ${ratio(last.workerHeapMb, base.workerHeapMb)}; ` +
        `heap after GC api ${ratio(last.apiLiveMb, base.apiLiveMb)}, worker ${ratio(last.workerLiveMb, base.workerLiveMb)}`,
    );
  } finally {
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
