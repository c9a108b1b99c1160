import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 好差评: one rating per case (with optional per-item levels) and the follow-ups a poor rating
 * opens for each owning department — a call back (回访), then a rectification (整改) with its result.
 */
export class Ratings1763900000001 implements MigrationInterface {
  name = 'Ratings1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rating (
      id uuid PRIMARY KEY,
      application_id uuid NOT NULL UNIQUE REFERENCES application(id),
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
      items jsonb NOT NULL DEFAULT '[]',
      comment text,
      rated_by text NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX rating_created_at ON rating (created_at)`);
    await q.query(`CREATE TABLE rating_follow_up (
      id uuid PRIMARY KEY,
      rating_id uuid NOT NULL REFERENCES rating(id),
      application_id uuid NOT NULL,
      department text NOT NULL,
      state text NOT NULL,
      due_at timestamptz NOT NULL,
      callback_comment text, callback_by text, callback_at timestamptz,
      rectification_comment text, rectification_result text, rectified_by text, rectified_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (rating_id, department))`);
    await q.query(`CREATE INDEX rating_follow_up_department ON rating_follow_up (department, state)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rating_follow_up`);
    await q.query(`DROP TABLE IF EXISTS rating`);
  }
}
