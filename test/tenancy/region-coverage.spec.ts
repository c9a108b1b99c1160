import { DataSource } from 'typeorm';
import { GLOBAL_TABLES } from '../../migrations/1763990000001-regions';
import { inRoot } from '../support/root-scope';
import { useTestApp } from '../support/use-test-app';

/**
 * Every table of the migrated schema but the global ones carries a `region` column without which no
 * row is written, has row-level security enabled and forced (binding the owner too), and a policy.
 * A table a later migration adds without them fails here.
 */
describe('region coverage of the schema', () => {
  const { t } = useTestApp();

  it('gives every table but the global ones a region column, forced row-level security and a policy', async () => {
    // given the application's schema
    const db = inRoot(t.app).get(DataSource);

    // when
    const tables: { table: string; rls: boolean; forced: boolean; policies: number; region: string | null; nullable: string | null; fallback: string | null }[] = await db.query(`
      SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
             (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname) AS policies,
             col.data_type AS region, col.is_nullable AS nullable, col.column_default AS fallback
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN information_schema.columns col ON col.table_schema = n.nspname AND col.table_name = c.relname AND col.column_name = 'region'
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
       ORDER BY c.relname`);

    // then
    const regional = tables.filter((row) => !GLOBAL_TABLES.includes(row.table));
    expect(regional.length).toBeGreaterThan(30);
    const missing = regional.filter((row) => !row.rls || !row.forced || row.policies === 0 || row.region !== 'text' || row.nullable !== 'NO' || !/tongban\.region/.test(row.fallback ?? ''));
    expect(missing.map((row) => row.table)).toEqual([]);
  });

  it('answers no row to a connection that set no region', async () => {
    // given the application's role on a connection with no region setting at all
    const db = inRoot(t.app).get(DataSource);

    // when
    const [row] = await db.transaction(async (manager) => {
      await manager.query(`SELECT set_config('tongban.regions', '', true), set_config('tongban.inherited', '', true)`);
      return manager.query(`SELECT (SELECT count(*) FROM process_instance)::int AS instances, (SELECT count(*) FROM catalog_entry)::int AS items, current_user AS role`);
    });

    // then
    expect(row).toEqual({ instances: 0, items: 0, role: 'tongban_app' });
  });
});
