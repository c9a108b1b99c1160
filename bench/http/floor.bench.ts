/**
 * The api's HTTP floor per request (`npm run bench:http`; figures printed, not asserted).
 *
 * One child process per build directory (`BENCH_HTTP_DISTS`, comma-separated, default `TONGBAN_DIST` or
 * ./dist; e.g. a base build and this one, all alive at once and taking turns round by round, so that each
 * round of one has a round of the other beside it in the machine's load) starts the api from that build
 * with `createApi` on its own database (`<FAULTS_DB_PREFIX>bench_http_<n>`, recreated) and a private
 * redis-server, deploys the five-department bundle and drives, from a keep-alive client in the same
 * process (`BENCH_HTTP_IN_FLIGHT` requests in flight, default 8), `BENCH_HTTP_ROUNDS` rounds (default 5)
 * of `BENCH_HTTP_N` requests (default 500) of each route with the credentials the e2e bench uses:
 * - `POST /api/v1/process-instances` as the demo integrator key (N bundles started),
 * - `GET /api/v1/tasks?processInstanceId=…&state=open` as the supervisor (once per started bundle),
 * - `POST /api/v1/tasks/:id/complete` as each department's clerk (all five tasks of N/5 bundles),
 * - `GET /health/live` without credentials.
 * Each figure is the process' CPU (process.cpuUsage, api and client) per request of that route in that
 * round. Then the same client drives a bare node:http server answering each route's last status and
 * body: the client's own share (plus a minimal server's), printed as `floor` and subtracted in `stack`.
 * The api logs as in production (JSON lines at info) into .tmp/bench-http/<n>.log; no worker runs.
 * `BENCH_HTTP_PAIRS` (default 1): how many times the list of builds is started and run.
 * `BENCH_HTTP_NODE_OPTIONS`: options of node for the children, e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof`; an entry of
 * `BENCH_HTTP_DISTS` may add options of its own after a space (`dist,dist --max-semi-space-size=32`), so one build
 * compares with itself under another option.
 * Beside the CPU, each route's garbage collections per request of the last round (scavenges and full collections,
 * counted and their pause time, from `PerformanceObserver`), and at the end the api process' resident set and
 * V8's young generation (new space) size.
 * `BENCH_HTTP_ROUTES`: the routes measured, of start,list,complete,live (default all; list and complete need start).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { PerformanceObserver, constants as perfConstants, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { join, resolve } from 'node:path';
import type { createApi as CreateApi } from '../../apps/api/src';
import { FIVE_DEPARTMENTS, parallelBundle } from '../../test/faults/support/bpmn-fixtures';
import { databaseName, recreateDatabase } from '../../test/faults/support/database';
import { PrivateRedis } from '../../test/faults/support/redis-server';
import { RestClient, asIntegrator, asUser, clerkOf, isOk } from '../../test/faults/support/rest-client';
import { deploy } from '../../test/faults/support/workflow-driver';

const env = process.env;
const ROUNDS = Number(env.BENCH_HTTP_ROUNDS || 5);
const N = Number(env.BENCH_HTTP_N || 500);
const IN_FLIGHT = Number(env.BENCH_HTTP_IN_FLIGHT || 8);
const PAIRS = Number(env.BENCH_HTTP_PAIRS || 1);
const root = resolve(__dirname, '../../..');
const LOG_DIR = join(root, '.tmp/bench-http');

const ALL_ROUTES = ['start', 'list', 'complete', 'live'] as const;
type Route = (typeof ALL_ROUTES)[number];
const ROUTES = ALL_ROUTES.filter((route) => !env.BENCH_HTTP_ROUTES || env.BENCH_HTTP_ROUTES.split(',').includes(route));
const ROUTE_NAMES: Record<Route, string> = {
  start: 'POST /api/v1/process-instances',
  list: 'GET /api/v1/tasks?processInstanceId&state=open',
  complete: 'POST /api/v1/tasks/:id/complete',
  live: 'GET /health/live',
};

/** Garbage collections per request of a route's round: scavenges, full (mark-compact) collections and their pause time. */
interface GcPerRequest {
  scavenges: number;
  full: number;
  pauseUs: number;
}

interface RoundFigures {
  cpu: Partial<Record<Route, number>>;
  gc: Partial<Record<Route, GcPerRequest>>;
}

interface ChildResult {
  dist: string;
  /** CPU-µs per request, [route][round]. */
  rounds: Record<Route, number[]>;
  /** Garbage collections per request of the last round. */
  gc: Partial<Record<Route, GcPerRequest>>;
  /** Resident set and V8's new space of the process after the rounds, in MB. */
  memory: { rssMb: number; newSpaceMb: number };
  /** CPU-µs per request of the client against a bare node:http server answering the same bodies. */
  floor: Record<Route, number>;
  errors: number;
}

async function parent(): Promise<void> {
  const dists = (env.BENCH_HTTP_DISTS || env.TONGBAN_DIST || 'dist').split(',').map((entry) => {
    const [dist, ...options] = entry.trim().split(/\s+/);
    return { dist: resolve(root, dist), options };
  });
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} before the run (the machine is shared)`);
  console.log(`${ROUNDS} rounds of ${N} requests per route, ${IN_FLIGHT} in flight; CPU-µs per request (api + client in one process)${dists.length > 1 ? '; the builds take turns round by round' : ''}`);
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const results: ChildResult[] = [];
  let run = 0;
  for (let pair = 0; pair < PAIRS; pair++) {
    const children: Child[] = [];
    for (const { dist, options } of dists) children.push(await Child.start(dist, options, run++));
    const rounds = children.map(() => ({ start: [], list: [], complete: [], live: [] }) as Record<Route, number[]>);
    const gcs: Array<Partial<Record<Route, GcPerRequest>>> = children.map(() => ({}));
    for (let round = 0; round < ROUNDS; round++) {
      // alternate who goes first, so that neither always runs right after the other
      const order = children.map((_, i) => i);
      if (round % 2) order.reverse();
      for (const i of order) {
        const figures = (await children[i].ask({ kind: 'round' })) as RoundFigures;
        for (const route of ROUTES) rounds[i][route].push(figures.cpu[route]!);
        gcs[i] = figures.gc;
      }
    }
    for (const [i, child] of children.entries()) {
      const { floor, errors, memory } = (await child.ask({ kind: 'finish' })) as Pick<ChildResult, 'floor' | 'errors' | 'memory'>;
      const result = { dist: child.name, rounds: rounds[i], gc: gcs[i], memory, floor, errors };
      results.push(result);
      print(result);
    }
  }
  if (dists.length > 1) {
    const last = Math.max(1, Math.floor(ROUNDS / 2));
    // the least of a build's late rounds is the one least disturbed by the rest of a shared machine
    console.log(`summary of the last ${last} rounds: mean / least (least - floor), CPU-µs per request`);
    for (const route of ROUTES) {
      const cells = results.map((result) => {
        const tail = result.rounds[route].slice(-last);
        const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
        const least = Math.min(...tail);
        return `${label(result.dist)} ${Math.round(mean)} / ${Math.round(least)} (${Math.round(least - result.floor[route])})`;
      });
      console.log(`  ${ROUTE_NAMES[route].padEnd(48)} ${cells.join(' | ')}`);
    }
    console.log('garbage collection per request of the last round: scavenges / full collections / pause µs');
    for (const route of ROUTES) {
      const cells = results.map((result) => `${label(result.dist)} ${gcCell(result.gc[route])}`);
      console.log(`  ${ROUTE_NAMES[route].padEnd(48)} ${cells.join(' | ')}`);
    }
  }
  console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} after the run`);
}

function label(name: string): string {
  const [dist, ...options] = name.split(' ');
  return [dist.replace(/\/dist$/, '').split('/').pop() ?? dist, ...options].join(' ');
}

function gcCell(gc: GcPerRequest | undefined): string {
  return gc ? `${gc.scavenges.toFixed(3)} / ${gc.full.toFixed(4)} / ${Math.round(gc.pauseUs)}` : '-';
}

function print(result: ChildResult): void {
  console.log(`${result.dist}${result.errors ? ` (${result.errors} requests answered other than 2xx)` : ''}`);
  for (const route of ROUTES) {
    const rounds = result.rounds[route].map((us) => String(Math.round(us)).padStart(6)).join(' ');
    const last = result.rounds[route][result.rounds[route].length - 1];
    console.log(`  ${ROUTE_NAMES[route].padEnd(48)} rounds ${rounds}  floor ${String(Math.round(result.floor[route])).padStart(4)}  stack (last round) ${Math.round(last - result.floor[route])}  gc ${gcCell(result.gc[route])}`);
  }
  console.log(`  after the rounds: resident set ${result.memory.rssMb.toFixed(0)} MB, new space ${result.memory.newSpaceMb.toFixed(1)} MB`);
}

/** One child process: the api of one build with its client, answering the parent's `round` and `finish`. */
class Child {
  private waiting?: { resolve: (value: unknown) => void; reject: (error: Error) => void };

  private constructor(readonly dist: string, readonly name: string, private readonly process: ChildProcess, private readonly log: string) {
    process.on('message', (message) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve(message);
    });
    process.on('exit', (code) => this.waiting?.reject(new Error(`${dist}: the bench's child exited with ${code} (its log: ${log})`)));
  }

  static async start(dist: string, options: string[], run: number): Promise<Child> {
    const log = join(LOG_DIR, `${run}.log`);
    const process = fork(__filename, [], {
      env: { ...env, TONGBAN_DIST: dist, BENCH_HTTP_CHILD: String(run) },
      execArgv: ['-r', join(root, 'scripts/register-paths.js'), ...(env.BENCH_HTTP_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? []), ...options],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    process.stdout!.pipe(createWriteStream(log));
    const child = new Child(dist, [dist, ...options].join(' '), process, log);
    await child.answer();
    return child;
  }

  ask(message: { kind: 'round' | 'finish' }): Promise<unknown> {
    const answer = this.answer();
    this.process.send(message);
    return answer;
  }

  private answer(): Promise<unknown> {
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

/** The child: the api from TONGBAN_DIST, the client, the rounds. */
async function child(): Promise<void> {
  const redis = await PrivateRedis.start(join(LOG_DIR, `redis-${process.pid}`), { appendOnly: false });
  Object.assign(process.env, {
    DATABASE_URL: await recreateDatabase(databaseName(`bench_http_${env.BENCH_HTTP_CHILD}`)),
    REDIS_URL: redis.url,
    TONGBAN_QUEUE_PREFIX: `bench-http-${randomBytes(3).toString('hex')}`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    TONGBAN_DEMO: 'true',
    TONGBAN_WORKFLOWS_DIR: '',
    TONGBAN_METRICS_PORT: 'off',
    TONGBAN_LOG_LEVEL: 'info',
    TONGBAN_LOG_FORMAT: 'json',
    // one key drives every start: the default limit per key would cap the requests measured
    TONGBAN_API_RATE_LIMIT: '100000000',
    NODE_ENV: 'development',
  });
  const { createApi } = require('@tongban/api') as { createApi: typeof CreateApi };
  const app = await createApi({ port: 0, host: '127.0.0.1' });
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const client = new RestClient(base, { maxSockets: IN_FLIGHT });
  const { key } = await deploy(client, 'bench-http-bundle', parallelBundle('bench-http-bundle'));
  let errors = 0;
  const last: Partial<Record<Route, { status: number; body: unknown }>> = {};
  const check = (route: Route, res: { status: number; body: unknown }): void => {
    if (!isOk(res.status)) errors++;
    last[route] = { status: res.status, body: res.body };
  };
  // logins before any round: each credential's token once
  for (const user of ['supervisor', ...FIVE_DEPARTMENTS.map((department) => `clerk.${department}`)]) await client.get('/api/v1/me', asUser(user));

  // garbage collections as they end; a round's count is read after the observer's queue is delivered
  const collected = { scavenges: 0, full: 0, pauseUs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) {
      const kind = entry.detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) collected.scavenges++;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) collected.full++;
      collected.pauseUs += entry.duration * 1000;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gcSince = async (from: typeof collected, count: number): Promise<GcPerRequest> => {
    await new Promise((done) => setImmediate(done));
    return { scavenges: (collected.scavenges - from.scavenges) / count, full: (collected.full - from.full) / count, pauseUs: (collected.pauseUs - from.pauseUs) / count };
  };

  /** `count` calls of `each`, IN_FLIGHT at a time; CPU-µs of the process per call, and its collections. */
  const measure = async (count: number, each: (i: number) => Promise<void>): Promise<[number, GcPerRequest]> => {
    let next = 0;
    const gcFrom = { ...collected };
    const from = process.cpuUsage();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await each(next++);
    }));
    const used = process.cpuUsage(from);
    return [(used.user + used.system) / count, await gcSince(gcFrom, count)];
  };

  type Task = { id: string; department: string };
  const round = async (): Promise<RoundFigures> => {
    const figures: RoundFigures = { cpu: {}, gc: {} };
    const record = (route: Route, [cpu, gc]: [number, GcPerRequest]): void => {
      figures.cpu[route] = cpu;
      figures.gc[route] = gc;
    };
    const instances: string[] = [];
    if (ROUTES.includes('start')) record('start', await measure(N, async () => {
      const res = await client.post('/api/v1/process-instances', asIntegrator, { processKey: key, variables: { applicant: { name: '张三' }, bundle: 'five-department' } });
      check('start', res);
      if (isOk(res.status)) instances.push(res.body.id);
    }));
    const tasks = new Map<string, Task[]>();
    if (ROUTES.includes('list')) record('list', await measure(instances.length, async (i) => {
      const res = await client.get(`/api/v1/tasks?processInstanceId=${instances[i]}&state=open&limit=100`, asUser('supervisor'));
      check('list', res);
      if (isOk(res.status)) tasks.set(instances[i], res.body.items);
    }));
    // all five tasks of N/5 bundles: four plain completions and the one that joins and ends, as a bundle has them
    const toComplete = [...tasks.values()].flat().slice(0, N);
    if (ROUTES.includes('complete')) record('complete', await measure(toComplete.length, async (i) => {
      const task = toComplete[i];
      check('complete', await client.post(`/api/v1/tasks/${task.id}/complete`, clerkOf(task.department), { variables: { approved: true } }));
    }));
    if (ROUTES.includes('live')) record('live', await measure(N, async () => check('live', await client.raw('GET', '/health/live'))));
    return figures;
  };
  process.send!({ kind: 'ready' });
  for (;;) {
    const message = await new Promise<{ kind: string }>((resolveMessage) => process.once('message', resolveMessage));
    if (message.kind !== 'round') break;
    process.send!(await round());
  }
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  const memory = { rssMb: process.memoryUsage().rss / 2 ** 20, newSpaceMb: (newSpace?.space_size ?? 0) / 2 ** 20 };
  gcObserver.disconnect();
  client.close();
  await app.close();
  await redis.stop();

  // The client's share: the same client against a bare server answering each route's last status and body.
  const floor = {} as Record<Route, number>;
  for (const route of ROUTES) {
    const answer = last[route] ?? { status: 200, body: {} };
    const text = JSON.stringify(answer.body);
    const server: Server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        response.end(text);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const bare = new RestClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { maxSockets: IN_FLIGHT });
    const body = route === 'live' || route === 'list' ? undefined : { processKey: key, variables: { approved: true } };
    const method = body ? 'POST' : 'GET';
    for (let warm = 0; warm < 2; warm++) [floor[route]] = await measure(N, async () => void (await bare.raw(method, '/x', body, { authorization: 'Bearer x' })));
    bare.close();
    await new Promise((done) => server.close(done));
  }
  process.send!({ floor, errors, memory } satisfies Pick<ChildResult, 'floor' | 'errors' | 'memory'>, () => process.exit(0));
}

(env.BENCH_HTTP_CHILD ? child() : parent()).catch((error) => {
  console.error(error);
  process.exit(1);
});
