import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `process_instance_ended`: the ended instances by their end, for the history retention
 * (`RuntimeRetention`), which looks for the instances that ended in a window of time before its
 * cut-off. Without it every trim read the whole `process_instance` table (a sequential scan of every
 * stored case, every ten minutes in every worker). Running instances are not in it.
 */
export class InstanceEndedIndex1764110000600 implements MigrationInterface {
  name = 'InstanceEndedIndex1764110000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX process_instance_ended ON process_instance (ended_at) WHERE ended_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX process_instance_ended`);
  }
}
