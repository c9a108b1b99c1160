import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `history_event` has no primary key. No statement reads a history row by id: the trail is read by
 * instance in id order and retention deletes by instance (`history_event_instance (instance_id, id)`
 * serves both), and `id` stays unique by its sequence. The key's B-tree took an entry, a WAL record
 * (72 B) and a buffer per history row — nine per task completion — for no reader. A partitioned table
 * needs no key either (`docs/partition-history.sql`); a logical-replication publication of the table
 * would need `REPLICA IDENTITY FULL` for retention's deletes.
 */
export class HistoryWithoutPrimaryKey1764160000301 implements MigrationInterface {
  name = 'HistoryWithoutPrimaryKey1764160000301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_event DROP CONSTRAINT IF EXISTS history_event_pkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_event ADD CONSTRAINT history_event_pkey PRIMARY KEY (id, at)`);
  }
}
