import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REGION_DEFAULT, VISIBLE } from './1763990000001-regions';

/**
 * The warnings of case and item clocks: `case_clock_warning`, one row per case, clock (an item's
 * code, or '' for the case's own) and level, re-timed with a new generation when a pause moves it,
 * fired once. Regional like every table (column, FORCE RLS, policy).
 */
export class CaseClockWarnings1764070000002 implements MigrationInterface {
  name = 'CaseClockWarnings1764070000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_clock_warning (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        item text NOT NULL,
        level text NOT NULL CHECK (level IN ('yellow', 'red', 'overdue')),
        due_at timestamptz,
        state text NOT NULL CHECK (state IN ('scheduled', 'fired', 'cancelled')),
        generation integer NOT NULL DEFAULT 0,
        fired_at timestamptz,
        region text NOT NULL DEFAULT ${REGION_DEFAULT},
        UNIQUE (application_id, item, level)
      )`);
    await q.query(`CREATE INDEX case_clock_warning_due ON case_clock_warning (due_at) WHERE state = 'scheduled'`);
    await q.query(`ALTER TABLE case_clock_warning ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE case_clock_warning FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY region_rows ON case_clock_warning USING (${VISIBLE}) WITH CHECK (${VISIBLE})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_clock_warning`);
  }
}
