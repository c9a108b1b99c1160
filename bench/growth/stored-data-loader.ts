import type { Pool, PoolClient } from '../../test/faults/support/pg-client';

/** The tables the loader fills and how a clone's columns differ from its template row's. */
const CLONED: ReadonlyArray<{ table: string; key: 'id' | 'instance_id'; overrides: Record<string, string> }> = [
  {
    table: 'process_instance',
    key: 'id',
    overrides: { id: 'i.id', business_key: `'growth-' || i.n`, started_at: `t.started_at - i.n * interval '1 second'`, updated_at: `t.updated_at - i.n * interval '1 second'` },
  },
  { table: 'task', key: 'instance_id', overrides: { id: 'gen_random_uuid()', instance_id: 'i.id', created_at: `t.created_at - i.n * interval '1 second'` } },
  { table: 'history_event', key: 'instance_id', overrides: { instance_id: 'i.id', at: `t.at - i.n * interval '1 second'` } },
];

/**
 * Fills the database with stored cases fast, without the API: each clone copies every row of a
 * template instance (the instance, its tasks, its history) with fresh ids, so the clones have
 * whatever columns the schema has today and are as real as the template. Batches of `batch`
 * instances per statement; the caller's mix decides how many clones are open and how many ended.
 */
export class StoredDataLoader {
  private readonly columns = new Map<string, string[]>();

  constructor(private readonly db: Pool) {}

  /** Adds `count` clones of `templateId` (instance, tasks, history); returns the seconds it took. */
  async clone(templateId: string, count: number, batch = 50_000): Promise<number> {
    const began = Date.now();
    const client = await this.db.connect();
    try {
      for (let done = 0; done < count; done += batch) {
        const size = Math.min(batch, count - done);
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE growth_clone ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series($1::int, $2::int) g`, [done + 1, done + size]);
        for (const { table, key, overrides } of CLONED) {
          const columns = await this.insertableColumns(client, table);
          const values = columns.map((column) => overrides[column] ?? `t.${column}`);
          await client.query(
            `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table} t CROSS JOIN growth_clone i WHERE t.${key} = $1`,
            [templateId],
          );
        }
        await client.query('COMMIT');
      }
      await client.query('ANALYZE process_instance; ANALYZE task; ANALYZE history_event');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return (Date.now() - began) / 1000;
  }

  /** Rows stored now in each cloned table. */
  async counts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { table } of CLONED) counts[table] = (await this.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    return counts;
  }

  /** The columns an INSERT may name: every column but generated ones and those filled by a sequence. */
  private async insertableColumns(client: PoolClient, table: string): Promise<string[]> {
    const known = this.columns.get(table);
    if (known) return known;
    const { rows } = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' AND identity_generation IS NULL
          AND coalesce(column_default, '') NOT LIKE 'nextval(%'
        ORDER BY ordinal_position`,
      [table],
    );
    const columns = rows.map((row) => row.column_name);
    this.columns.set(table, columns);
    return columns;
  }
}
