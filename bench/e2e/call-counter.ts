/**
 * Preloaded into a Tongban process by the e2e benchmark (`BENCH_COUNT_CALLS=1`: node `-r` through
 * NODE_OPTIONS) to count what a request costs in round trips, independently of the machine's load:
 * SQL statements sent to PostgreSQL (by statement text, parameters apart) and pool checkouts.
 * On SIGWINCH (a signal Nest's shutdown hooks do not take) the process writes its counts since the previous signal to `BENCH_COUNT_DIR/<pid>.json`
 * and starts counting afresh, so the benchmark can bracket one phase of load. With
 * `BENCH_CPU_PROFILE_DIR` set, the same signals bracket a CPU profile written there as `<pid>.cpuprofile`
 * (`--cpu-prof` would write only at a clean exit, and the process ends by its signal).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- patched at load, before the app requires it
const pg = require('pg') as typeof import('pg');

let statements = new Map<string, number>();
let checkouts = 0;

/** One line per statement shape: whitespace folded, long texts cut so similar statements group. */
function shape(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function countedQuery(this: unknown, ...args: unknown[]): unknown {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : (first?.text ?? '(submittable)');
  const key = shape(text);
  statements.set(key, (statements.get(key) ?? 0) + 1);
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const connect = pg.Pool.prototype.connect as (...args: unknown[]) => unknown;
pg.Pool.prototype.connect = function countedConnect(this: unknown, ...args: unknown[]): unknown {
  checkouts++;
  return connect.apply(this, args);
} as typeof pg.Pool.prototype.connect;

const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
let profiler: Session | undefined;

function toggleProfile(): void {
  if (!profileDir) return;
  if (!profiler) {
    profiler = new Session();
    profiler.connect();
    profiler.post('Profiler.enable', () => profiler!.post('Profiler.start'));
    return;
  }
  const session = profiler;
  profiler = undefined;
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(profileDir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    session.disconnect();
  });
}

process.on('SIGWINCH', () => {
  toggleProfile();
  const dir = process.env.BENCH_COUNT_DIR || '.';
  const sorted = [...statements.entries()].sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ statements: total, checkouts, byStatement: Object.fromEntries(sorted) }, null, 1));
  statements = new Map();
  checkouts = 0;
});
