import { readFileSync } from 'node:fs';
import { PgClient, type Client } from '../../test/faults/support/pg-client';
import type { PrivateRedis } from '../../test/faults/support/redis-server';

const TICKS_PER_SECOND = 100;
/** How often the backends of the measured database are looked at (a backend that ends between two looks loses at most this much of its CPU). */
const SAMPLE_MS = 200;
/** The application names of the benchmark's own sessions (the harness, the simulated department systems): not Tongban's work. */
const HARNESS = ['tongban-faults', 'tongban-bench-pg-cpu'];

/** utime, stime, cutime, cstime of a process in clock ticks, from /proc; undefined when it is gone. */
function ticks(pid: number): [number, number, number, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(fields[11]), Number(fields[12]), Number(fields[13]), Number(fields[14])];
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * CPU ticks of the whole PostgreSQL server: the postmaster, its live children (backends, checkpointer,
 * WAL writer, …) and, through the postmaster's cutime and cstime, every child that has ended.
 */
function serverTicks(postmaster: number): number {
  const own = ticks(postmaster);
  if (!own) return Number.NaN;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return Number.NaN;
  }
  return children.reduce((sum, child) => {
    const used = ticks(child);
    return sum + (used ? used[0] + used[1] : 0);
  }, own[0] + own[1] + own[2] + own[3]);
}

/** What PostgreSQL and Redis spent between `PostgresCpu.start` and `stop`. */
export interface PostgresCpuUsed {
  /** CPU-µs of the backends serving Tongban's processes on the measured database. */
  backendMicros: number;
  /** CPU-µs of the whole server (every database and background process; on a shared server other work counts too). */
  serverMicros: number;
  /** Backends of Tongban's processes seen during the interval. */
  backends: number;
  /** pg_stat_statements over the measured database when the extension is loaded: statements executed, plans made, ms planning and executing (wall time). */
  statements?: { calls: number; plans: number; planMs: number; execMs: number };
  /** CPU-µs of the Redis server (INFO cpu) when given. */
  redisMicros?: number;
  /** WAL the whole server wrote (pg_stat_wal): records, full-page images, bytes. */
  wal?: WalTotals;
  /** Row changes per table of the measured database (pg_stat_user_tables): inserts, updates, HOT updates, deletes. */
  tables?: Map<string, TableTotals>;
  /** pg_stat_statements per statement of the measured database, by normalised text. */
  byStatement?: Map<string, StatementTotals>;
}

export interface WalTotals { records: number; fpi: number; bytes: number; writes: number; syncs: number }
export interface TableTotals { ins: number; upd: number; hot: number; del: number }
export interface StatementTotals { calls: number; plans: number; execMs: number; rows: number; walBytes: number; walFpi: number }

/**
 * PostgreSQL's CPU over an interval, read from /proc (the server must run on this machine; else
 * `start` returns undefined). Per backend: the backends of the measured database other than the
 * benchmark's own sessions are looked at every 200 ms, and each one's utime + stime counts from its
 * first to its last look (from zero for a backend that began during the interval), so backends that
 * end between the snapshots still count (up to their last look). For the whole server: the
 * postmaster's children plus its cutime/cstime (the ended ones). On a server shared with other work
 * only the backend figure is Tongban's.
 */
export class PostgresCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly serverBefore: number;
  private readonly redisBefore?: number;
  private readonly statementsBefore?: PostgresCpuUsed['statements'];
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;
  private walBefore?: WalTotals;
  private tablesBefore?: Map<string, TableTotals>;
  private byStatementBefore?: Map<string, StatementTotals>;
  private measured?: Client;

  private constructor(
    private readonly client: Client,
    private readonly ownPid: number,
    private readonly postmaster: number,
    private readonly database: string,
    private readonly redis: PrivateRedis | undefined,
    redisBefore: number | undefined,
    statementsBefore: PostgresCpuUsed['statements'],
  ) {
    this.serverBefore = serverTicks(postmaster);
    this.redisBefore = redisBefore;
    this.statementsBefore = statementsBefore;
  }

  /** Starts measuring the server behind `databaseUrl` (and `redis`); undefined when the server's processes cannot be read here. */
  static async start(databaseUrl: string, redis?: PrivateRedis): Promise<PostgresCpu | undefined> {
    const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    // the meter's own statements run on the server's maintenance database, outside the measured one's pg_stat_statements
    const maintenance = new URL(databaseUrl);
    maintenance.pathname = '/postgres';
    let client = new PgClient({ connectionString: maintenance.toString(), application_name: 'tongban-bench-pg-cpu' });
    try {
      await client.connect();
    } catch {
      client = new PgClient({ connectionString: databaseUrl, application_name: 'tongban-bench-pg-cpu' });
      await client.connect();
    }
    const [{ pid }] = (await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows;
    const postmaster = parentOf(pid);
    if (!postmaster || !ticks(postmaster)) {
      await client.end();
      return undefined;
    }
    const meter = new PostgresCpu(client, pid, postmaster, database, redis, redis ? await redisCpu(redis) : undefined, await statementTotals(client, database));
    meter.measured = new PgClient({ connectionString: databaseUrl, application_name: 'tongban-bench-pg-cpu' });
    await meter.measured.connect().catch(() => (meter.measured = undefined));
    meter.walBefore = await walTotals(client);
    meter.tablesBefore = meter.measured ? await tableTotals(meter.measured) : undefined;
    meter.byStatementBefore = await statementsByText(client, database);
    await meter.sample(true);
    meter.timer = setInterval(() => {
      meter.sampling ??= meter.sample(false).finally(() => (meter.sampling = undefined));
    }, SAMPLE_MS);
    return meter;
  }

  private async sample(initial: boolean): Promise<void> {
    const rows = (await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2 AND backend_type = 'client backend' AND coalesce(application_name, '') <> ALL($3::text[])`,
      [this.database, this.ownPid, HARNESS],
    ).catch(() => ({ rows: [] as { pid: number }[] }))).rows;
    for (const { pid } of rows) {
      const used = ticks(pid);
      if (!used) continue;
      const now = used[0] + used[1];
      if (!this.first.has(pid)) this.first.set(pid, initial ? now : 0);
      this.last.set(pid, now);
    }
  }

  async stop(): Promise<PostgresCpuUsed> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    const serverAfter = serverTicks(this.postmaster);
    const statementsAfter = await statementTotals(this.client, this.database);
    const walAfter = await walTotals(this.client);
    const tablesAfter = this.measured ? await tableTotals(this.measured) : undefined;
    await this.measured?.end().catch(() => undefined);
    const byStatementAfter = await statementsByText(this.client, this.database);
    const redisAfter = this.redis ? await redisCpu(this.redis) : undefined;
    await this.client.end().catch(() => undefined);
    let backendTicks = 0;
    for (const [pid, last] of this.last) backendTicks += last - (this.first.get(pid) ?? 0);
    const before = this.statementsBefore;
    return {
      backendMicros: (backendTicks * 1e6) / TICKS_PER_SECOND,
      serverMicros: ((serverAfter - this.serverBefore) * 1e6) / TICKS_PER_SECOND,
      backends: this.last.size,
      statements: before && statementsAfter
        ? { calls: statementsAfter.calls - before.calls, plans: statementsAfter.plans - before.plans, planMs: statementsAfter.planMs - before.planMs, execMs: statementsAfter.execMs - before.execMs }
        : undefined,
      redisMicros: redisAfter !== undefined && this.redisBefore !== undefined ? (redisAfter - this.redisBefore) * 1e6 : undefined,
      wal: walAfter && this.walBefore ? { records: walAfter.records - this.walBefore.records, fpi: walAfter.fpi - this.walBefore.fpi, bytes: walAfter.bytes - this.walBefore.bytes, writes: walAfter.writes - this.walBefore.writes, syncs: walAfter.syncs - this.walBefore.syncs } : undefined,
      tables: tablesAfter && this.tablesBefore ? diffMaps(this.tablesBefore, tablesAfter) : undefined,
      byStatement: byStatementAfter && this.byStatementBefore ? diffMaps(this.byStatementBefore, byStatementAfter) : undefined,
    };
  }
}

/** The measured figures divided by `n` operations (completions, jobs), as printed by the benchmark. */
export function perOperation(used: PostgresCpuUsed, n: number, what: string): string {
  const per = (x: number) => (Number.isFinite(x) ? (x / n).toFixed(0) : 'n/a');
  const parts = [`PostgreSQL ${per(used.backendMicros)} (Tongban's ${used.backends} backends; whole server ${per(used.serverMicros)})`];
  if (used.redisMicros !== undefined) parts.push(`Redis ${per(used.redisMicros)}`);
  let line = `CPU-µs per ${what}: ${parts.join(', ')}`;
  const s = used.statements;
  if (s) line += `; pg_stat_statements per ${what}: ${(s.calls / n).toFixed(2)} statements, ${(s.plans / n).toFixed(2)} plans, ${per(s.planMs * 1000)} µs planning + ${per(s.execMs * 1000)} µs executing (wall time)`;
  return line;
}

/**
 * The detail behind `perOperation`: WAL per operation, the measured database's row changes per table with
 * the share of HOT updates, and pg_stat_statements' statements by text (calls, plans, mean executing time,
 * WAL bytes per operation). Empty when none of them was read.
 */
export function detailPerOperation(used: PostgresCpuUsed, n: number, what: string, top = 30): string {
  const lines: string[] = [];
  if (used.wal) lines.push(`WAL per ${what} (whole server): ${(used.wal.records / n).toFixed(1)} records, ${(used.wal.fpi / n).toFixed(2)} full-page images, ${(used.wal.bytes / n).toFixed(0)} bytes, ${(used.wal.writes / n).toFixed(2)} writes and ${(used.wal.syncs / n).toFixed(2)} syncs to disk`);
  const tables = [...(used.tables ?? [])].filter(([, t]) => t.ins + t.upd + t.del > 0).sort((a, b) => b[1].upd + b[1].ins - (a[1].upd + a[1].ins));
  if (tables.length) {
    lines.push(`row changes per ${what} (pg_stat_user_tables): table inserted / updated (HOT) / deleted`);
    for (const [table, t] of tables) lines.push(`  ${table}: ${(t.ins / n).toFixed(2)} / ${(t.upd / n).toFixed(2)} (${(t.hot / n).toFixed(2)}) / ${(t.del / n).toFixed(2)}`);
  }
  const statements = [...(used.byStatement ?? [])].filter(([, s]) => s.calls > 0);
  if (statements.length) {
    lines.push(`statements per ${what} (pg_stat_statements): calls, plans, mean exec ms, WAL bytes and full-page images per ${what}, text`);
    // the nested statements (foreign-key checks, triggers) are listed whatever their time
    const listed = statements.sort((a, b) => b[1].execMs - a[1].execMs).filter(([text], i) => i < top || text.startsWith('(nested) '));
    for (const [text, s] of listed) {
      lines.push(`  ${(s.calls / n).toFixed(2)}  ${(s.plans / n).toFixed(2)}  ${(s.execMs / s.calls).toFixed(3)}  ${(s.walBytes / n).toFixed(0)} B ${(s.walFpi / n).toFixed(2)} fpi  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  return lines.map((line) => `    ${line}`).join('\n');
}

function diffMaps<T extends object>(before: Map<string, T>, after: Map<string, T>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [key, value] of after) {
    const was = before.get(key);
    out.set(key, Object.fromEntries(Object.entries(value).map(([field, x]) => [field, (x as number) - ((was as Record<string, number> | undefined)?.[field] ?? 0)])) as T);
  }
  return out;
}

async function walTotals(client: Client): Promise<WalTotals | undefined> {
  try {
    const [row] = (await client.query<{ records: string; fpi: string; bytes: string; writes: string; syncs: string }>(
      `SELECT wal_records AS records, wal_fpi AS fpi, wal_bytes AS bytes, wal_write AS writes, wal_sync AS syncs FROM pg_stat_wal`,
    )).rows;
    return { records: Number(row.records), fpi: Number(row.fpi), bytes: Number(row.bytes), writes: Number(row.writes), syncs: Number(row.syncs) };
  } catch {
    return undefined;
  }
}

async function tableTotals(client: Client): Promise<Map<string, TableTotals> | undefined> {
  try {
    // the statistics of the current transaction's snapshot are cleared so that the second read sees fresh counts
    await client.query('SELECT pg_stat_clear_snapshot()');
    const rows = (await client.query<{ name: string; ins: string; upd: string; hot: string; del: string }>(
      `SELECT relname AS name, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del FROM pg_stat_user_tables`,
    )).rows;
    return new Map(rows.map((row) => [row.name, { ins: Number(row.ins), upd: Number(row.upd), hot: Number(row.hot), del: Number(row.del) }]));
  } catch {
    return undefined;
  }
}

async function statementsByText(client: Client, database: string): Promise<Map<string, StatementTotals> | undefined> {
  try {
    // statements run inside others (with `pg_stat_statements.track = all`: foreign-key checks, triggers) are marked `(nested)`
    const rows = (await client.query<{ query: string; calls: string; plans: string; exec_ms: number; rows: string; wal_bytes: string; wal_fpi: string }>(
      `SELECT CASE WHEN s.toplevel THEN '' ELSE '(nested) ' END || s.query AS query, sum(calls) AS calls, sum(plans) AS plans, sum(total_exec_time)::float8 AS exec_ms,
              sum(s.rows) AS rows, sum(wal_bytes) AS wal_bytes, sum(wal_fpi) AS wal_fpi
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 GROUP BY 1`,
      [database],
    )).rows;
    return new Map(rows.map((row) => [row.query, { calls: Number(row.calls), plans: Number(row.plans), execMs: row.exec_ms, rows: Number(row.rows), walBytes: Number(row.wal_bytes), walFpi: Number(row.wal_fpi) }]));
  } catch {
    return undefined;
  }
}

/** pg_stat_statements' totals of the statements sent to `database` (nested ones are inside their callers' time); undefined when the extension is not loaded there. */
async function statementTotals(client: Client, database: string): Promise<PostgresCpuUsed['statements']> {
  try {
    const [row] = (await client.query<{ calls: string; plans: string; plan_ms: number; exec_ms: number }>(
      `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(plans), 0) AS plans, coalesce(sum(total_plan_time), 0)::float8 AS plan_ms, coalesce(sum(total_exec_time), 0)::float8 AS exec_ms
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 AND s.toplevel`,
      [database],
    )).rows;
    return { calls: Number(row.calls), plans: Number(row.plans), planMs: row.plan_ms, execMs: row.exec_ms };
  } catch {
    return undefined;
  }
}

async function redisCpu(redis: PrivateRedis): Promise<number> {
  const info = await redis.command('INFO', 'cpu');
  return Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1]) + Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1]);
}
