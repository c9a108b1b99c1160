/**
 * The benchmarks' probe of a Tongban process: what it costs in round trips and CPU, counted rather than
 * timed, so the figures do not move with the machine's load.
 *
 * Preloaded (`node -r`, through the NODE_OPTIONS `probeEnv` gives) into an api or worker process, it counts
 * since the process started: SQL statements sent through node-postgres (by statement text, whitespace
 * folded and cut at 160 characters, parameters apart), pool checkouts, Redis commands sent through ioredis
 * (by name) and the process's CPU time. On SIGWINCH (a signal Nest's shutdown hooks do not take) it writes
 * these counts to `BENCH_PROBE_DIR/<pid>.json`; the benchmark reads two snapshots (`snapshot`) and takes
 * their difference (`difference`). The same signal starts or stops a CPU profile when the benchmark has
 * left a `<pid>.profile-start` or `<pid>.profile-stop` file beside it (`profile`): the profile is written
 * to `<pid>.cpuprofile` (`--cpu-prof` would write only at a clean exit, and the process ends by a signal).
 * For the half load's account (half-load.ts) each snapshot also carries the event loop's delay since the
 * previous snapshot and the last GC pauses, event-loop stalls and statements (sent → answered) that took
 * `BENCH_PROBE_PAUSE_MS` (20) or more, each with its start on the wall clock.
 *
 * Imported by a benchmark (no `BENCH_PROBE_DIR` in its own environment) it patches nothing.
 */
import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** What a probed process has done since it started (or, from `difference`, between two snapshots). */
export interface ProbeCounts {
  /** SQL statements by their text (whitespace folded, cut at 160 characters). */
  statements: Record<string, number>;
  /** Connections checked out of node-postgres pools. */
  checkouts: number;
  /** Redis commands sent, by name. */
  redis: Record<string, number>;
  /** CPU time of the process (user + system), µs. */
  cpuMicros: number;
  /** With `BENCH_ROUTE_CPU=1`: the main thread's time in JavaScript callbacks by the HTTP route they served (`routeClock`). */
  routes?: Record<string, RouteTime>;
  /** The event loop's delay since the previous snapshot (`monitorEventLoopDelay`, 10 ms resolution), ms; absent from a `difference`. */
  loop?: LoopDelay;
  /** The last 200 garbage collections that paused the process `PROBE_PAUSE_MS` or more. */
  gcPauses?: Pause[];
  /** The last 5,000 statements that took `PROBE_PAUSE_MS` or more from sent to answered. */
  slowStatements?: Pause[];
  /** The last 1,000 times the event loop stalled `PROBE_PAUSE_MS` or more (a 10 ms timer firing that late). */
  stalls?: Pause[];
}

/** The event loop's delay over a span (`monitorEventLoopDelay`), ms. */
export interface LoopDelay {
  max: number;
  p99: number;
  mean: number;
}

/** Something that took a while: when it began (epoch ms, comparable across processes to within a millisecond), how long, what. */
export interface Pause {
  at: number;
  ms: number;
  what: string;
}

/** GC pauses and statements at least this long are kept (`BENCH_PROBE_PAUSE_MS`, 20 unless told). */
const PROBE_PAUSE_MS = Number(process.env.BENCH_PROBE_PAUSE_MS || 20);

/** Requests of one route and the main thread's time spent in the callbacks that served them. */
export interface RouteTime {
  requests: number;
  /** Self time of the callbacks (async_hooks before → after, nested callbacks apart), ms. */
  ms: number;
}

/** The environment that preloads the probe into a process and has it write to `dir`. */
export function probeEnv(dir: string, inherited = process.env.NODE_OPTIONS): NodeJS.ProcessEnv {
  return { NODE_OPTIONS: `${inherited ?? ''} -r ${join(__dirname, 'probe.js')}`.trim(), BENCH_PROBE_DIR: dir };
}

/** Asks the probed process `pid` for its counts so far; undefined when it does not answer within 5 s. */
export async function snapshot(pid: number, dir: string): Promise<ProbeCounts | undefined> {
  const file = join(dir, `${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGWINCH');
  for (let i = 0; i < 250 && !existsSync(file); i++) await sleep(20);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProbeCounts;
  } catch {
    return undefined;
  }
}

/** What happened between two snapshots of one process. */
export function difference(before: ProbeCounts, after: ProbeCounts): ProbeCounts {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(b).map(([key, n]) => [key, n - (a[key] ?? 0)] as const).filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1]));
  return { statements: minus(before.statements, after.statements), checkouts: after.checkouts - before.checkouts, redis: minus(before.redis, after.redis), cpuMicros: after.cpuMicros - before.cpuMicros, ...routeDifference(before, after) };
}

/** Keeps in `list` (its last `most`) the garbage collections of this process that paused it `PROBE_PAUSE_MS` or more. */
export function watchGc(list: Pause[], most: number): void {
  const kinds: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak callbacks', 16: 'all' };
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      if (entry.duration < PROBE_PAUSE_MS) continue;
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      list.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration, what: `gc ${kinds[kind] ?? kind}` });
      if (list.length > most) list.shift();
    }
  }).observe({ entryTypes: ['gc'] });
}

/** Keeps in `list` (its last `most`) the times this process's event loop stalled `PROBE_PAUSE_MS` or more: a 10 ms timer firing that late. */
export function watchStalls(list: Pause[], most: number): void {
  let expected = Date.now() + 10;
  setInterval(() => {
    const now = Date.now();
    if (now - expected >= PROBE_PAUSE_MS) {
      list.push({ at: expected, ms: now - expected, what: 'event loop stalled' });
      if (list.length > most) list.shift();
    }
    expected = now + 10;
  }, 10).unref();
}

/** The pauses of `pauses` that began in [from, to] (epoch ms). */
export const pausesIn = (pauses: Pause[] | undefined, from: number, to: number): Pause[] => (pauses ?? []).filter((pause) => pause.at >= from && pause.at <= to);

/** Sum of counts by key. */
export const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** Starts the CPU profile of the probed process `pid`, or stops it and waits (up to 10 s) for `<pid>.cpuprofile`, whose path it returns. */
export async function profile(pid: number, dir: string, step: 'start' | 'stop'): Promise<string | undefined> {
  const written = join(dir, `${pid}.cpuprofile`);
  if (step === 'stop') rmSync(written, { force: true });
  writeFileSync(join(dir, `${pid}.profile-${step}`), '');
  process.kill(pid, 'SIGWINCH');
  if (step === 'start') return undefined;
  for (let i = 0; i < 500 && !existsSync(written); i++) await sleep(20);
  return existsSync(written) ? written : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One line per statement shape: whitespace folded, long texts cut so similar statements group. */
function shape(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

/** The probe never takes the process down: a file it cannot write is left out (the benchmark reports it missing). */
function write(path: string, text: string): void {
  try {
    writeFileSync(`${path}.part`, text);
    renameSync(`${path}.part`, path);
  } catch {
    // reported by the reader
  }
}

/** The route times between two snapshots (none unless both have them). */
function routeDifference(before: ProbeCounts, after: ProbeCounts): Pick<ProbeCounts, 'routes'> {
  if (!before.routes || !after.routes) return {};
  const routes: Record<string, RouteTime> = {};
  for (const [route, time] of Object.entries(after.routes)) {
    const earlier = before.routes[route] ?? { requests: 0, ms: 0 };
    if (time.ms > earlier.ms) routes[route] = { requests: time.requests - earlier.requests, ms: time.ms - earlier.ms };
  }
  return { routes };
}

/**
 * Report lines of the process CPU per request of each route: `cpuMicros` shared out by each route's part of the
 * main thread's callback time (work outside any request, V8's compiler threads and GC helpers spread with it).
 */
export function routeReport(counts: ProbeCounts, indent: string): string[] {
  const routes = Object.entries(counts.routes ?? {}).sort((a, b) => b[1].ms - a[1].ms);
  const measured = routes.reduce((sum, [, time]) => sum + time.ms, 0);
  if (!measured) return [];
  return [
    `${indent}main-thread callback time by route (${(measured / 1000).toFixed(1)} s; process CPU shared out by it):`,
    ...routes.map(([route, time]) => {
      const share = time.ms / measured;
      const perRequest = time.requests ? ` ${time.requests} requests, ${((time.ms * 1000) / time.requests).toFixed(0)} µs callback time and ${((counts.cpuMicros * share) / time.requests).toFixed(0)} CPU-µs each` : '';
      return `${indent}  ${(share * 100).toFixed(1).padStart(5)}%  ${route}:${perRequest}`;
    }),
  ];
}

/** `POST /api/v1/tasks/:id/complete`: method and path, the query left out and ids folded. */
function routeOf(method: string | undefined, url: string | undefined): string {
  const path = (url ?? '').split('?')[0].replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi, '/:id').replace(/\/\d+(?=\/|$)/g, '/:n');
  return `${method ?? '?'} ${path}`;
}

/**
 * Measures the main thread's time per HTTP route (`BENCH_ROUTE_CPU=1`): every request's callbacks carry its
 * route (an `AsyncLocalStorage` entered when the server emits `request`, on the connection's resource too, so
 * the body's reads count), and an async hook adds each callback's self time to the route it carries.
 * node-postgres' connections carry a route of their own, so parsing the database's answers is shown apart.
 * The hooks cost time themselves: compare runs with it on, not with runs without.
 */
function routeClock(): () => Record<string, RouteTime> {
  /* eslint-disable @typescript-eslint/no-require-imports -- patched at load, before the process requires them */
  const http = require('node:http') as { Server: { prototype: { emit: (event: string, ...args: unknown[]) => boolean } } };
  const pg = require('pg') as { Client: { prototype: { connect: (...args: unknown[]) => unknown } } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const routes = new Map<string, RouteTime>();
  const timeOf = (route: string): RouteTime => {
    let time = routes.get(route);
    if (!time) routes.set(route, (time = { requests: 0, ms: 0 }));
    return time;
  };
  const storage = new AsyncLocalStorage<RouteTime>();
  const outside = timeOf('(outside any request)');
  const database = timeOf('(node-postgres reading answers, any route)');

  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function routedEmit(this: unknown, event: string, ...args: unknown[]): boolean {
    if (event !== 'request') return emit.call(this, event, ...args);
    const request = args[0] as { method?: string; url?: string };
    const time = timeOf(routeOf(request.method, request.url));
    time.requests++;
    storage.enterWith(time);
    return emit.call(this, event, ...args);
  };
  const connect = pg.Client.prototype.connect;
  pg.Client.prototype.connect = function routedConnect(this: unknown, ...args: unknown[]): unknown {
    return storage.run(database, () => connect.apply(this, args));
  };

  const frames: Array<{ at: number; nested: number; time: RouteTime }> = [];
  createHook({
    before() {
      frames.push({ at: performance.now(), nested: 0, time: storage.getStore() ?? outside });
    },
    after() {
      const frame = frames.pop();
      if (!frame) return;
      const spent = performance.now() - frame.at;
      frame.time.ms += spent - frame.nested;
      if (frames.length) frames[frames.length - 1].nested += spent;
    },
  }).enable();
  return () => Object.fromEntries(routes);
}

function install(dir: string): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- patched at load, before the process requires them */
  const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } }; Pool: { prototype: { connect: (...args: unknown[]) => unknown } } };
  const ioredis = require('ioredis') as { Redis: { prototype: { sendCommand: (...args: unknown[]) => unknown } } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const counts = { statements: new Map<string, number>(), redis: new Map<string, number>(), checkouts: 0 };
  const routeTimes = process.env.BENCH_ROUTE_CPU === '1' ? routeClock() : undefined;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const slowStatements: Pause[] = [];
  const gcPauses: Pause[] = [];
  const keep = (list: Pause[], pause: Pause, most: number) => {
    list.push(pause);
    if (list.length > most) list.shift();
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  watchGc(gcPauses, 200);
  const stalls: Pause[] = [];
  watchStalls(stalls, 1000);

  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function probedQuery(this: unknown, ...args: unknown[]): unknown {
    const first = args[0] as string | { text?: string } | undefined;
    const text = shape(typeof first === 'string' ? first : (first?.text ?? '(submittable)'));
    bump(counts.statements, text);
    const began = performance.now();
    const done = () => {
      const ms = performance.now() - began;
      if (ms >= PROBE_PAUSE_MS) keep(slowStatements, { at: performance.timeOrigin + began, ms, what: text }, 5000);
    };
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...results: unknown[]) => unknown;
      args[last] = (...results: unknown[]) => {
        done();
        return callback(...results);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    return result;
  };
  const connect = pg.Pool.prototype.connect;
  pg.Pool.prototype.connect = function probedConnect(this: unknown, ...args: unknown[]): unknown {
    counts.checkouts++;
    return connect.apply(this, args);
  };
  const sendCommand = ioredis.Redis.prototype.sendCommand;
  ioredis.Redis.prototype.sendCommand = function probedSendCommand(this: unknown, ...args: unknown[]): unknown {
    bump(counts.redis, String((args[0] as { name?: string } | undefined)?.name ?? '?').toLowerCase());
    return sendCommand.apply(this, args);
  };

  let session: Session | undefined;
  const marker = (step: 'start' | 'stop'): boolean => {
    const path = join(dir, `${process.pid}.profile-${step}`);
    if (!existsSync(path)) return false;
    rmSync(path, { force: true });
    return true;
  };

  process.on('SIGWINCH', () => {
    if (!session && marker('start')) {
      session = new Session();
      session.connect();
      session.post('Profiler.enable', () => session!.post('Profiler.start'));
    } else if (session && marker('stop')) {
      const ending = session;
      session = undefined;
      ending.post('Profiler.stop', (error, result) => {
        if (!error) write(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
        ending.disconnect();
      });
    }
    const cpu = process.cpuUsage();
    const snapshotNow: ProbeCounts = {
      statements: Object.fromEntries([...counts.statements].sort((a, b) => b[1] - a[1])),
      checkouts: counts.checkouts,
      redis: Object.fromEntries(counts.redis),
      cpuMicros: cpu.user + cpu.system,
      ...(routeTimes ? { routes: routeTimes() } : {}),
      loop: { max: loop.max / 1e6, p99: loop.percentile(99) / 1e6, mean: loop.mean / 1e6 },
      gcPauses,
      slowStatements,
      stalls,
    };
    loop.reset();
    write(join(dir, `${process.pid}.json`), JSON.stringify(snapshotNow));
  });
}

if (process.env.BENCH_PROBE_DIR) install(process.env.BENCH_PROBE_DIR);
