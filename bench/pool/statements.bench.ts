/**
 * Statements PostgreSQL runs per task completion over REST (figures printed, not asserted), counted
 * by pg_stat_statements (top-level statements: not those a foreign key check runs inside one; each
 * statement of a multi-statement simple query counts): a count, so it does not depend on the load of
 * the shared machine.
 *
 * Tongban runs as in `bench:e2e` (one api process and one worker process from dist/, a fresh database,
 * a private redis-server) and drives the five-department bundle (start, list, five completions) with
 * a few concurrent applicants; the counters are reset after a warm-up and read two seconds after the
 * last bundle, so the worker's follow-up work (domain events) and its sweeps of those seconds count.
 *
 * The server is `FAULTS_DATABASE_URL` (else `DATABASE_URL`) and must load pg_stat_statements
 * (`shared_preload_libraries = 'pg_stat_statements'`); its counters are reset. `BENCH_POOL_MODES`
 * (default `session`; `session,transaction`) picks the pool modes; `transaction` runs Tongban behind
 * a private PgBouncer in `pool_mode = transaction` (Debian's `pgbouncer`). `BENCH_BUNDLES` (default 60),
 * `BENCH_CLIENTS` (default 4).
 */
import { loadavg } from 'node:os';
import { PgClient } from '../../test/faults/support/pg-client';
import { databaseUrl, serverUrl } from '../../test/faults/support/database';
import { TongbanStack } from '../../test/faults/support/stack';
import { parallelBundle, FIVE_DEPARTMENTS } from '../../test/faults/support/bpmn-fixtures';
import { deploy, waitCompleted } from '../../test/faults/support/workflow-driver';
import { startPgBouncer, type PgBouncer } from '../../test/scaling/support/pgbouncer';
import { LoadRecorder, runBundle } from '../e2e/bundle-load';

const env = process.env;
const BUNDLES = Number(env.BENCH_BUNDLES || 60);
const CLIENTS = Number(env.BENCH_CLIENTS || 4);
const MODES = (env.BENCH_POOL_MODES || 'session').split(',').map((mode) => mode.trim()) as ('session' | 'transaction')[];

interface Counted {
  query: string;
  calls: number;
}

async function statements(server: string, database: string): Promise<Counted[]> {
  const admin = new PgClient({ connectionString: server });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT s.query, sum(s.calls)::int AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1 AND s.toplevel GROUP BY s.query ORDER BY 2 DESC`,
      [database],
    );
    return rows as Counted[];
  } finally {
    await admin.end();
  }
}

async function reset(server: string): Promise<void> {
  const admin = new PgClient({ connectionString: server });
  await admin.connect();
  try {
    await admin.query('SELECT pg_stat_statements_reset()');
  } finally {
    await admin.end();
  }
}

async function measure(mode: 'session' | 'transaction'): Promise<void> {
  const server = serverUrl();
  const name = `pool_stmt_${mode}`;
  const database = `tongban_${name}`;
  let pooler: PgBouncer | undefined;
  const modeEnv: NodeJS.ProcessEnv = {};
  if (mode === 'transaction') {
    const direct = new URL(databaseUrl(database, server));
    pooler = await startPgBouncer(direct, 'transaction', 6);
    Object.assign(modeEnv, { DATABASE_URL: pooler.url, DATABASE_SESSION_URL: direct.toString(), DATABASE_POOL_MODE: 'transaction' });
  }
  const stack = await TongbanStack.start({ name, shape: 'separate', apiProcesses: 1, workerProcesses: 1, env: { NODE_ENV: 'test', ...modeEnv } });
  try {
    const { key } = await deploy(stack.client, 'bench-five-departments', parallelBundle('bench-five-departments'));
    const departments = FIVE_DEPARTMENTS.length;
    const warm = new LoadRecorder();
    for (let i = 0; i < 3; i++) await runBundle(stack.client, key, departments, warm);
    await waitCompleted(stack.db, warm.instanceIds, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await reset(server);
    const recorder = new LoadRecorder();
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next++ < BUNDLES) await runBundle(stack.client, key, departments, recorder);
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const counted = await statements(server, database);
    const pending = await waitCompleted(stack.db, recorder.instanceIds, 20_000);
    const completions = recorder.completions;
    const total = counted.reduce((sum, row) => sum + row.calls, 0);
    const scope = counted.filter((row) => /^SELECT set_config\(/.test(row.query)).reduce((sum, row) => sum + row.calls, 0);
    const per = (n: number) => (n / completions).toFixed(2);
    console.log(
      `${mode} pool mode: ${recorder.bundles} bundles, ${completions} completions in ${seconds.toFixed(1)} s (+2 s settling), ${pending.length} instances not completed, conflicts ${recorder.conflicts}, errors ${recorder.errors}; ` +
        `statements ${total} = ${per(total)} per completion, of which scope settings ${scope} = ${per(scope)} per completion`,
    );
    for (const row of counted.slice(0, Number(env.BENCH_TOP || 12))) console.log(`    ${per(row.calls).padStart(6)}  ${row.query.replace(/\s+/g, ' ').slice(0, 140)}`);
  } finally {
    await stack.close();
    pooler?.stop();
  }
}

async function main(): Promise<void> {
  console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} (counts do not depend on it); ${BUNDLES} bundles, ${CLIENTS} concurrent applicants`);
  for (const mode of MODES) await measure(mode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
