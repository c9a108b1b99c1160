import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `history_event`'s primary key includes `at`, the column it is to be range-partitioned on by month
 * (PostgreSQL requires a partitioned table's unique constraints to include the partition key):
 * `docs/partition-history.sql` then turns the table into a partitioned one without changing a
 * statement of the application. `id` stays unique by its sequence.
 */
export class HistoryKeyWithTime1764100000401 implements MigrationInterface {
  name = 'HistoryKeyWithTime1764100000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_event DROP CONSTRAINT history_event_pkey, ADD CONSTRAINT history_event_pkey PRIMARY KEY (id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_event DROP CONSTRAINT history_event_pkey, ADD CONSTRAINT history_event_pkey PRIMARY KEY (id)`);
  }
}
