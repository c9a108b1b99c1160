import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A supervisor's directive (督办) whose reply time reaches a year the calendar does not know yet is
 * given all the same: `due_at` stays null and `due_problem` says why until the year is entered (the case
 * is marked uncounted; the calendar PUT counts `reply_within_days` from the directive's time).
 */
export class DirectiveDueProblem1764160000103 implements MigrationInterface {
  name = 'DirectiveDueProblem1764160000103';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE supervision_directive ALTER COLUMN due_at DROP NOT NULL, ADD COLUMN due_problem text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM supervision_directive WHERE due_at IS NULL`);
    await q.query(`ALTER TABLE supervision_directive DROP COLUMN due_problem, ALTER COLUMN due_at SET NOT NULL`);
  }
}
