import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A poor rating's follow-up may be due in a year the calendar does not know yet: the rating is taken,
 * `due_at` stays null and `due_problem` says why until the year is entered (the case is marked
 * uncounted, and the calendar PUT counts it from the rating's time).
 */
export class RatingFollowUpDueProblem1764160000101 implements MigrationInterface {
  name = 'RatingFollowUpDueProblem1764160000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating_follow_up ALTER COLUMN due_at DROP NOT NULL, ADD COLUMN due_problem text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM rating_follow_up WHERE due_at IS NULL`);
    await q.query(`ALTER TABLE rating_follow_up DROP COLUMN due_problem, ALTER COLUMN due_at SET NOT NULL`);
  }
}
