import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `history_event` and `task` rows no longer carry a foreign key to `process_instance`. Both are
 * written only by the command that holds their instance's row lock, in the transaction that reads or
 * inserts that row, and instances are never deleted (retention removes ended instances' history rows
 * themselves): the key's check could never fail, yet each inserted row paid for it at the end of its
 * statement — a query on `process_instance` and a `FOR KEY SHARE` lock of its row, about ten per task
 * completion (9.1 history rows, 1.0 task row). The indexes that lead with `instance_id` stay.
 */
export class HotPathForeignKeys1764160000300 implements MigrationInterface {
  name = 'HotPathForeignKeys1764160000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_event DROP CONSTRAINT IF EXISTS history_event_instance_id_fkey`);
    await q.query(`ALTER TABLE task DROP CONSTRAINT IF EXISTS task_instance_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD CONSTRAINT task_instance_id_fkey FOREIGN KEY (instance_id) REFERENCES process_instance (id)`);
    await q.query(`ALTER TABLE history_event ADD CONSTRAINT history_event_instance_id_fkey FOREIGN KEY (instance_id) REFERENCES process_instance (id)`);
  }
}
