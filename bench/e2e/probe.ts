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
 *
 * Imported by a benchmark (no `BENCH_PROBE_DIR` in its own environment) it patches nothing.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

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
  return { statements: minus(before.statements, after.statements), checkouts: after.checkouts - before.checkouts, redis: minus(before.redis, after.redis), cpuMicros: after.cpuMicros - before.cpuMicros };
}

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

function install(dir: string): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- patched at load, before the process requires them */
  const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } }; Pool: { prototype: { connect: (...args: unknown[]) => unknown } } };
  const ioredis = require('ioredis') as { Redis: { prototype: { sendCommand: (...args: unknown[]) => unknown } } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const counts = { statements: new Map<string, number>(), redis: new Map<string, number>(), checkouts: 0 };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function probedQuery(this: unknown, ...args: unknown[]): unknown {
    const first = args[0] as string | { text?: string } | undefined;
    bump(counts.statements, shape(typeof first === 'string' ? first : (first?.text ?? '(submittable)')));
    return query.apply(this, args);
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
    };
    write(join(dir, `${process.pid}.json`), JSON.stringify(snapshotNow));
  });
}

if (process.env.BENCH_PROBE_DIR) install(process.env.BENCH_PROBE_DIR);
