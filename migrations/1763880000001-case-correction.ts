import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 补正: a department's one-time request to the applicant to correct fields or supply materials
 * (`case_correction`, at most one open per task), and the pauses of an item's legal clock that
 * such a request causes (`case_clock_pause`, read by the clocks).
 */
export class CaseCorrection1763880000001 implements MigrationInterface {
  name = 'CaseCorrection1763880000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_correction (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES application(id),
        task_id uuid NOT NULL,
        item text NOT NULL,
        department text NOT NULL,
        state text NOT NULL,
        asked jsonb NOT NULL,
        comment text,
        deadline_date date NOT NULL,
        deadline_at timestamptz NOT NULL,
        answered jsonb,
        diff jsonb,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        answered_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX case_correction_open_task ON case_correction (task_id) WHERE state = 'open'`);
    await q.query(`CREATE INDEX case_correction_application ON case_correction (application_id, requested_at)`);
    await q.query(`
      CREATE TABLE case_clock_pause (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES application(id),
        item text NOT NULL,
        kind text NOT NULL,
        reason text,
        paused_at timestamptz NOT NULL,
        resumed_at timestamptz
      )`);
    await q.query(`CREATE INDEX case_clock_pause_application ON case_clock_pause (application_id, item, paused_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS case_clock_pause`);
    await q.query(`DROP TABLE IF EXISTS case_correction`);
  }
}
