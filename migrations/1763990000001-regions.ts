import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The root region: the whole installation, owner of the data written before regions existed and of the national calendar. */
export const ROOT_REGION = 'cn';

/** Tables that belong to no region: the migration log and the region hierarchy itself. */
export const GLOBAL_TABLES = ['schema_migration', 'region'];

/**
 * Catalogue-like tables: a region also reads the rows of its ancestors (a city sees its province's
 * items, bundles, process and decision definitions and calendar years) and writes only its own.
 */
export const INHERITED_TABLES = [
  'catalog_entry', 'bundle', 'deployment', 'deployment_resource', 'process_definition', 'decision_definition', 'calendar_year',
  'form', 'form_definition', 'form_version',
];

/** Tables whose lists are filtered by region on hot paths (inboxes, instance and application lists). */
const REGION_INDEXED = ['process_instance', 'task', 'application', 'app_user', 'department'];

/** The regions the transaction's context may read and write: `tongban.regions`, `*` for the system. */
export const VISIBLE = `(current_setting('tongban.regions', true) = '*' OR region = ANY (string_to_array(current_setting('tongban.regions', true), ',')))`;
/** The ancestors whose catalogue rows the context also reads: `tongban.inherited`. */
export const INHERITED = `region = ANY (string_to_array(current_setting('tongban.inherited', true), ','))`;
/** The region new rows are written in: `tongban.region`; no region set, no row (NOT NULL). */
export const REGION_DEFAULT = `NULLIF(current_setting('tongban.region', true), '')`;

/**
 * Regions (tenants), enforced by PostgreSQL row-level security on every table.
 *
 * 1. `region`: the hierarchy nation → province → city → district, seeded with the root `cn` (the
 *    region the calendars already named).
 * 2. Every table of the schema but `GLOBAL_TABLES` — found in `information_schema`, so tables other
 *    migrations add before this one are covered without naming them — gets `region text NOT NULL`
 *    (existing rows: `cn`; new rows: the context's `tongban.region`), `ENABLE` and `FORCE ROW LEVEL
 *    SECURITY` (the owner is bound too; only superusers and BYPASSRLS roles are not), and policies:
 *    rows of the regions in `tongban.regions` (or all, for `*`); catalogue-like tables
 *    (`INHERITED_TABLES`) also read their ancestors' rows (`tongban.inherited`). No setting, no row.
 * 3. `test/tenancy/region-coverage.spec.ts` fails when a table misses the column, RLS or a policy.
 */
export class Regions1763990000001 implements MigrationInterface {
  name = 'Regions1763990000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        code text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
        name text NOT NULL,
        parent text REFERENCES region (code),
        level text NOT NULL CHECK (level IN ('nation', 'province', 'city', 'district')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((parent IS NULL) = (level = 'nation'))
      )`);
    await q.query(`CREATE INDEX region_parent ON region (parent)`);
    await q.query(`INSERT INTO region (code, name, parent, level) VALUES ($1, '全国', NULL, 'nation')`, [ROOT_REGION]);
    await q.query(`GRANT SELECT, INSERT ON region TO tongban_app`);

    const rows: { table_name: string }[] = await q.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
    for (const { table_name: table } of rows) {
      if (GLOBAL_TABLES.includes(table)) continue;
      await this.regionalise(q, table);
    }
  }

  private async regionalise(q: QueryRunner, table: string): Promise<void> {
    const t = `"${table}"`;
    const [has] = await q.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'region'`, [table]);
    if (has) {
      await q.query(`ALTER TABLE ${t} ALTER COLUMN region SET DEFAULT ${REGION_DEFAULT}`);
    } else {
      await q.query(`ALTER TABLE ${t} ADD COLUMN region text NOT NULL DEFAULT '${ROOT_REGION}'`);
      await q.query(`ALTER TABLE ${t} ALTER COLUMN region SET DEFAULT ${REGION_DEFAULT}`);
      if (REGION_INDEXED.includes(table)) await q.query(`CREATE INDEX ${table}_region ON ${t} (region)`);
    }
    await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
    if (INHERITED_TABLES.includes(table)) {
      await q.query(`CREATE POLICY region_read ON ${t} FOR SELECT USING (${VISIBLE} OR ${INHERITED})`);
      await q.query(`CREATE POLICY region_insert ON ${t} FOR INSERT WITH CHECK (${VISIBLE})`);
      await q.query(`CREATE POLICY region_update ON ${t} FOR UPDATE USING (${VISIBLE}) WITH CHECK (${VISIBLE})`);
      await q.query(`CREATE POLICY region_delete ON ${t} FOR DELETE USING (${VISIBLE})`);
    } else {
      await q.query(`CREATE POLICY region_rows ON ${t} USING (${VISIBLE}) WITH CHECK (${VISIBLE})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const rows: { tablename: string; policyname: string }[] = await q.query(
      `SELECT tablename, policyname FROM pg_policies WHERE schemaname = current_schema() AND policyname LIKE 'region\\_%'`);
    for (const { tablename, policyname } of rows) await q.query(`DROP POLICY "${policyname}" ON "${tablename}"`);
    const tables: { table_name: string }[] = await q.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'region' AND table_name <> 'region'`);
    for (const { table_name: table } of tables) {
      await q.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
      if (table.startsWith('calendar_')) await q.query(`ALTER TABLE "${table}" ALTER COLUMN region SET DEFAULT '${ROOT_REGION}'`);
      else await q.query(`ALTER TABLE "${table}" DROP COLUMN region`);
    }
    await q.query(`DROP TABLE region`);
  }
}
