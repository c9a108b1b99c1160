import type { MigrationInterface, QueryRunner } from 'typeorm';
import { VISIBLE } from './1763990000001-regions';

/**
 * The same regions as `VISIBLE`, with the transaction's settings read once per statement: each
 * `current_setting` sits in a scalar sub-select, which PostgreSQL runs once as an InitPlan, so the
 * policy costs a comparison per row instead of two `current_setting` calls and a `string_to_array`.
 */
export const VISIBLE_ONCE =
  `((SELECT current_setting('tongban.regions', true)) = '*' OR region = ANY ((SELECT string_to_array(current_setting('tongban.regions', true), ','))::text[]))`;

/**
 * Row-level security of the case tables at a cost flat in the rows a statement reads: the `region_rows`
 * policy of every table that has one (the cases, their tasks, clocks, history, outbox, notifications…)
 * reads `tongban.regions` once per statement (`VISIBLE_ONCE`) instead of once per row. Which rows are
 * visible and writable does not change. The inbox's bounded count of a department's open tasks (2,541
 * rows with a million tasks stored) took 2.1–2.5 ms with the policy per row and 1.0 ms with it per
 * statement; the count without any policy 0.6 ms. The catalogue tables' policies (`region_read` …) are
 * kept: their tables are small.
 * `ALTER POLICY` changes the catalogue only: no table is rewritten or scanned, each is locked for a moment.
 */
export class RegionPolicySettingsOnce1764130000500 implements MigrationInterface {
  name = 'RegionPolicySettingsOnce1764130000500';

  async up(q: QueryRunner): Promise<void> {
    for (const table of await this.tables(q)) await q.query(`ALTER POLICY region_rows ON "${table}" USING (${VISIBLE_ONCE}) WITH CHECK (${VISIBLE_ONCE})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of await this.tables(q)) await q.query(`ALTER POLICY region_rows ON "${table}" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`);
  }

  private async tables(q: QueryRunner): Promise<string[]> {
    const rows: { tablename: string }[] = await q.query(
      `SELECT tablename FROM pg_policies WHERE schemaname = current_schema() AND policyname = 'region_rows' ORDER BY tablename`);
    return rows.map((row) => row.tablename);
  }
}
