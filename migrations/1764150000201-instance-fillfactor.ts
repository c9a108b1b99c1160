import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `process_instance` pages keep a fifth of their space free for new versions of their rows
 * (`fillfactor = 80`). Every command on a running instance rewrites its row (engine state, version,
 * `updated_at`: no indexed column), which PostgreSQL writes as a heap-only tuple — no new entry in any of
 * the table's indexes — only when the new version fits on the row's page. Without room left by inserts,
 * a row inserted on a page that new instances then filled got its next versions elsewhere, each with a
 * new entry in every index of the table. Only pages written from now on keep the space (a `VACUUM FULL`
 * or `pg_repack` of the table applies it to the rows stored).
 */
export class InstanceFillfactor1764150000201 implements MigrationInterface {
  name = 'InstanceFillfactor1764150000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance SET (fillfactor = 80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance RESET (fillfactor)`);
  }
}
