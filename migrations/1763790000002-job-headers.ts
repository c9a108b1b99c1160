import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Jobs carry the static task headers of their element (`zeebe:taskHeaders`) to the worker. */
export class JobHeaders1763790000002 implements MigrationInterface {
  name = 'JobHeaders1763790000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job ADD COLUMN custom_headers jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job DROP COLUMN IF EXISTS custom_headers`);
  }
}
