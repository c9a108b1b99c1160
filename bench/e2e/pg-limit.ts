import { randomUUID } from 'node:crypto';
import { pool } from '../../test/faults/support/database';
import { summarise, type LatencySummary } from '../../test/faults/support/latency';

export interface PgLimitResult {
  transactionsPerSecond: number;
  latency: LatencySummary;
  clients: number;
  seconds: number;
  stateBytes: number;
}

const paddings = new Map<number, string>();

/** An engine-state-like jsonb document of about `bytes` bytes. */
function engineState(bytes: number, version: number): Record<string, unknown> {
  const tokens = Array.from({ length: 5 }, (_, i) => ({ id: `token-${i}`, elementId: `approve-${i}`, state: 'waiting', scope: 'root' }));
  const state: Record<string, unknown> = { version, tokens, variables: { applicant: { name: '张三', idNumber: '310101199001011234' } }, joins: {} };
  let padding = paddings.get(bytes);
  if (padding === undefined) {
    padding = '';
    while (JSON.stringify({ ...state, padding }).length < bytes) padding += 'x'.repeat(32);
    paddings.set(bytes, padding);
  }
  return { ...state, padding };
}

/**
 * PostgreSQL's ceiling for Tongban's hottest command: one transaction shaped like a task completion
 * (version-checked UPDATE of a ~2 KB jsonb instance row + INSERT of a history row), from `clients`
 * concurrent connections with synchronous_commit on, each on its own instance rows.
 */
export async function measurePgLimit(databaseUrl: string, options: { clients?: number; seconds?: number; rowsPerClient?: number } = {}): Promise<PgLimitResult> {
  const clients = options.clients ?? 16;
  const seconds = options.seconds ?? 10;
  const rowsPerClient = options.rowsPerClient ?? 64;
  const db = pool(databaseUrl, { max: clients, application_name: 'tongban-bench-pg-limit' });
  try {
    await db.query(`DROP TABLE IF EXISTS bench_event, bench_instance`);
    await db.query(`CREATE TABLE bench_instance (id uuid PRIMARY KEY, state text NOT NULL, engine_state jsonb NOT NULL, version integer NOT NULL, updated_at timestamptz NOT NULL)`);
    await db.query(`CREATE TABLE bench_event (id bigserial PRIMARY KEY, instance_id uuid NOT NULL REFERENCES bench_instance(id), type text NOT NULL, element_id text, at timestamptz NOT NULL, actor text, data jsonb)`);
    await db.query(`CREATE INDEX bench_event_instance ON bench_event (instance_id, id)`);
    const stateBytes = JSON.stringify(engineState(2048, 1)).length;
    const rows: { id: string; version: number }[][] = [];
    for (let c = 0; c < clients; c++) {
      const mine = Array.from({ length: rowsPerClient }, () => ({ id: randomUUID(), version: 1 }));
      await db.query(
        `INSERT INTO bench_instance (id, state, engine_state, version, updated_at) SELECT id, 'active', $2::jsonb, 1, now() FROM unnest($1::uuid[]) id`,
        [mine.map((row) => row.id), JSON.stringify(engineState(2048, 1))],
      );
      rows.push(mine);
    }
    await db.query(`VACUUM ANALYZE bench_instance`);
    const setting = await db.query(`SHOW synchronous_commit`);
    if (setting.rows[0].synchronous_commit !== 'on') throw new Error(`synchronous_commit is ${setting.rows[0].synchronous_commit}, the benchmark needs on`);

    const samples: number[] = [];
    let committed = 0;
    const stopAt = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      rows.map(async (mine) => {
        const connection = await db.connect();
        try {
          for (let i = 0; performance.now() < stopAt; i++) {
            const row = mine[i % mine.length];
            const begin = performance.now();
            await connection.query('BEGIN');
            const updated = await connection.query(
              `UPDATE bench_instance SET engine_state = $3::jsonb, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
              [row.id, row.version, JSON.stringify(engineState(2048, row.version + 1))],
            );
            if (updated.rowCount !== 1) throw new Error(`version check failed on ${row.id}`);
            await connection.query(
              `INSERT INTO bench_event (instance_id, type, element_id, at, actor, data) VALUES ($1, 'task.completed', 'approve-0', now(), 'clerk.health', $2::jsonb)`,
              [row.id, JSON.stringify({ variables: { approved: true } })],
            );
            await connection.query('COMMIT');
            row.version++;
            committed++;
            samples.push(performance.now() - begin);
          }
        } finally {
          connection.release();
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await db.query(`DROP TABLE IF EXISTS bench_event, bench_instance`);
    return { transactionsPerSecond: committed / elapsed, latency: summarise(samples), clients, seconds: elapsed, stateBytes };
  } finally {
    await db.end();
  }
}
