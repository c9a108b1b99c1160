import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 常用意见: each user's own list of opinions they write often, in the order they saved them. */
export class UserPhrases1763920000002 implements MigrationInterface {
  name = 'UserPhrases1763920000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE user_phrase (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL,
      text text NOT NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT user_phrase_once UNIQUE (username, text)
    )`);
    await q.query(`CREATE INDEX user_phrase_user ON user_phrase (username, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS user_phrase`);
  }
}
