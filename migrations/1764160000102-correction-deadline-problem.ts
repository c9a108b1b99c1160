import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A correction request (补正) whose deadline reaches a year the calendar does not know yet is made all
 * the same: `deadline_date` and `deadline_at` stay null and `deadline_problem` says why until the year is
 * entered; `deadline_days` keeps the working days asked, so the calendar PUT counts them from the request.
 */
export class CorrectionDeadlineProblem1764160000102 implements MigrationInterface {
  name = 'CorrectionDeadlineProblem1764160000102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_correction ALTER COLUMN deadline_date DROP NOT NULL, ALTER COLUMN deadline_at DROP NOT NULL, ADD COLUMN deadline_problem text, ADD COLUMN deadline_days integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM case_correction WHERE deadline_at IS NULL`);
    await q.query(`ALTER TABLE case_correction DROP COLUMN deadline_days, DROP COLUMN deadline_problem, ALTER COLUMN deadline_at SET NOT NULL, ALTER COLUMN deadline_date SET NOT NULL`);
  }
}
