import type { Pool, PoolClient } from '../../test/faults/support/pg-client';

/** Departments the stored tasks are spread over; the benchmark clerk's department holds one share. */
export const GROWTH_DEPARTMENTS = 40;

/**
 * The department of clone `n` (SQL over `i.n`): one in GROWTH_DEPARTMENTS clones keeps the template's
 * department (the benchmark clerk's), the others go to `dept-1` … `dept-39`.
 */
const DEPARTMENT_SQL = `CASE WHEN i.n % ${GROWTH_DEPARTMENTS} = 0 THEN t.department ELSE 'dept-' || (i.n % ${GROWTH_DEPARTMENTS}) END`;

/** The tables the loader clones from a template instance and how a clone's columns differ from the template row's. */
const CLONED: ReadonlyArray<{ table: string; key: 'id' | 'instance_id'; overrides: Record<string, string> }> = [
  {
    table: 'process_instance',
    key: 'id',
    overrides: {
      id: 'i.id', business_key: `'growth-' || i.n`, started_at: `t.started_at - i.n * interval '1 second'`, updated_at: `t.updated_at - i.n * interval '1 second'`,
      ended_at: `t.ended_at - i.n * interval '1 second'`,
    },
  },
  {
    table: 'task',
    key: 'instance_id',
    overrides: {
      id: 'gen_random_uuid()', instance_id: 'i.id', department: DEPARTMENT_SQL, created_at: `t.created_at - i.n * interval '1 second'`, ended_at: `t.ended_at - i.n * interval '1 second'`,
    },
  },
  { table: 'history_event', key: 'instance_id', overrides: { instance_id: 'i.id', at: `t.at - i.n * interval '1 second'` } },
  // what the relay published for the template (the worker's jobs, the task's events): published rows, as after delivery
  // ids below the template's, older clones lower, as a sequence gives them (the relay's and the recovery's scans go by id)
  { table: 'outbox', key: 'instance_id', overrides: { id: 't.id - i.n * 100', instance_id: 'i.id', created_at: `t.created_at - i.n * interval '1 second'`, published_at: `coalesce(t.published_at, t.created_at) - i.n * interval '1 second'` } },
];

/** Every table the loader fills: the cloned ones, then the applications, task clocks and notifications it adds. */
const FILLED = [...CLONED.map((c) => c.table), 'application', 'task_clock', 'notification'];

/**
 * The application (办件) of each clone, of the first stored bundle (none when no bundle is stored): the
 * applicant a company or a person in turn, no form answers or materials kept, accepted when its
 * instance started, in its instance's region; what supervision and the task view read of a case.
 */
const APPLICATION_SQL = `
  INSERT INTO application (id, bundle_code, bundle_version, process_instance_id, applicant_type, applicant_code, applicant_name, form, resolution, item_definitions, created_by, created_at, owner, region)
  SELECT gen_random_uuid(), b.code, b.version, p.id,
         CASE WHEN i.n % 2 = 0 THEN 'company' ELSE 'person' END,
         CASE WHEN i.n % 2 = 0 THEN '91310000' || lpad(i.n::text, 10, '0') ELSE '31010119900101' || lpad((i.n % 10000)::text, 4, '0') END,
         CASE WHEN i.n % 2 = 0 THEN '增长测试企业' || i.n ELSE '增长测试申请人' || i.n END,
         '{}'::jsonb, '{"exemptMaterials":[],"pendingMaterials":[],"deferredMaterials":[],"uploadedMaterials":[],"missingMaterials":[],"unknownMaterials":[]}'::jsonb, '[]'::jsonb,
         'growth-loader', p.started_at, NULL, p.region
    FROM growth_clone i JOIN process_instance p ON p.id = i.id
         CROSS JOIN (SELECT code, version FROM bundle ORDER BY code LIMIT 1) b`;

/**
 * The notifications of each cloned task's department, as the domain events of a case make them: the
 * case accepted (read once its task ended), and for a warned open task its warning (unread); and for
 * an ended case the applicant's "finished" notice (read).
 */
const NOTIFICATION_SQL = `
  INSERT INTO notification (id, event_id, event_type, recipient_kind, recipient, application_id, title, data, created_at, read_at, region)
  SELECT gen_random_uuid(), gen_random_uuid(), n.event_type, n.recipient_kind, n.recipient, a.id, n.title, jsonb_build_object('taskId', k.id), n.created_at, n.read_at, k.region
    FROM task k JOIN growth_clone i ON i.id = k.instance_id JOIN application a ON a.process_instance_id = k.instance_id
         JOIN task_clock c ON c.task_id = k.id
         CROSS JOIN LATERAL (VALUES
           ('application.accepted', 'department', k.department, '新办件已受理，请及时办理', k.created_at, k.ended_at),
           ('clock.warning', 'department', CASE WHEN c.level <> 'normal' THEN k.department END,
            CASE c.level WHEN 'overdue' THEN '办件已超期' WHEN 'red' THEN '办件临近超期（红色预警）' ELSE '办件临近时限（黄色预警）' END, c.level_at, NULL::timestamptz),
           ('case.finished', 'applicant', CASE WHEN k.ended_at IS NOT NULL THEN a.applicant_code END, '您的办件已办结，欢迎评价', k.ended_at, k.ended_at + interval '1 day')
         ) AS n(event_type, recipient_kind, recipient, title, created_at, read_at)
   WHERE n.recipient IS NOT NULL`;

/**
 * The task clock of each cloned task (the catalog's `task_clock`, read by the inbox, the task view and
 * supervision): a 10-working-day limit; of the open ones 5 % overdue, 10 % red, 15 % yellow, the rest
 * normal, so that supervision lists about a third of the open cases, as in a busy agency.
 */
const CLOCK_SQL = `
  INSERT INTO task_clock (task_id, instance_id, application_id, item, department, element_id, started_at, limit_days, limit_unit, due_at, legal_due_at, level, level_at, ended_at, region)
  SELECT k.id, k.instance_id, (SELECT a.id FROM application a WHERE a.process_instance_id = k.instance_id), 'growth-item-' || (i.n % 25), k.department, k.element_id, k.created_at, 10, 'working',
         k.created_at + interval '14 days', k.created_at + interval '20 days',
         CASE WHEN k.ended_at IS NOT NULL THEN 'normal' WHEN i.n % 20 = 1 THEN 'overdue' WHEN i.n % 20 IN (2, 3) THEN 'red' WHEN i.n % 20 IN (4, 5, 6) THEN 'yellow' ELSE 'normal' END,
         k.created_at, k.ended_at, k.region
    FROM task k JOIN growth_clone i ON i.id = k.instance_id`;

/**
 * Fills the database with stored cases fast, without the API: each clone copies every row of a
 * template instance (the instance, its tasks, its history, its published outbox rows) with fresh ids
 * and adds an application, a task clock per task and the notifications of its department and
 * applicant, so the clones have whatever columns the schema has today. The
 * tasks are spread over GROWTH_DEPARTMENTS departments. One INSERT … SELECT per table over a
 * generate_series of the clones; for a large load the secondary indexes of the big tables are dropped
 * first and built again after (faster than maintaining them row by row); the filled tables are vacuumed
 * and analysed after each load, as autovacuum keeps a live database.
 */
export class StoredDataLoader {
  private readonly columns = new Map<string, string[]>();

  constructor(private readonly db: Pool) {}

  /** Adds `count` clones of `templateId`; returns the seconds it took. */
  async clone(templateId: string, count: number, batch = 250_000): Promise<number> {
    if (count <= 0) return 0;
    const began = Date.now();
    const client = await this.db.connect();
    try {
      await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET tongban.regions = '*'`);
      const first = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM process_instance`)).rows[0].n;
      const rebuild = count >= 200_000 ? await this.dropSecondaryIndexes(client) : [];
      for (let done = 0; done < count; done += batch) {
        const size = Math.min(batch, count - done);
        await client.query('BEGIN');
        await client.query(
          `CREATE TEMP TABLE growth_clone ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series($1::int, $2::int) g`,
          [first + done + 1, first + done + size],
        );
        for (const { table, key, overrides } of CLONED) {
          const columns = await this.insertableColumns(client, table);
          const values = columns.map((column) => overrides[column] ?? `t.${column}`);
          await client.query(
            `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table} t CROSS JOIN growth_clone i WHERE t.${key} = $1`,
            [templateId],
          );
        }
        await client.query(APPLICATION_SQL);
        await client.query(CLOCK_SQL);
        await client.query(NOTIFICATION_SQL);
        await client.query('COMMIT');
      }
      for (const definition of rebuild) await client.query(definition);
      // what autovacuum has done to an agency's tables long since: statistics, and the visibility map that lets
      // the inbox's bounded count read its index alone (unset, it visited each open task's heap row: 1,858 buffers at 1M)
      for (const table of FILLED) await client.query(`VACUUM (ANALYZE) ${table}`);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return (Date.now() - began) / 1000;
  }

  /** Rows stored now in each filled table. */
  async counts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of FILLED) counts[table] = (await this.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    return counts;
  }

  /** Drops the non-unique, non-constraint indexes of the filled tables; returns the statements that build them again. */
  private async dropSecondaryIndexes(client: PoolClient): Promise<string[]> {
    const { rows } = await client.query<{ name: string; definition: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = ANY($1::text[]) AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique AND NOT x.indisprimary`,
      [FILLED],
    );
    for (const { name } of rows) await client.query(`DROP INDEX ${name}`);
    return rows.map((row) => row.definition);
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
    // a column filled by a sequence is copied where the clone names its value
    const named = Object.keys(CLONED.find((c) => c.table === table)?.overrides ?? {}).filter((column) => !columns.includes(column));
    columns.unshift(...named);
    this.columns.set(table, columns);
    return columns;
  }
}
