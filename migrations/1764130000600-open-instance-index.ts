import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `process_instance_open`: the ids of the instances still running. The stranded-work sweep asks, for
 * each outbox row it checks, whether the row's instance (or a call's parent) still runs; PostgreSQL
 * answers from a hash of the running instances, which without this index it built by reading every
 * instance stored (a sequential scan growing with the stored data, ~1,000 buffers for 60,000 ended
 * instances) and with it reads the running ones only. An entry is added when an instance starts and
 * left when it ends (the update already leaves the heap-only path: `ended_at` is indexed).
 */
export class OpenInstanceIndex1764130000600 implements MigrationInterface {
  name = 'OpenInstanceIndex1764130000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX process_instance_open ON process_instance (id) WHERE ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX process_instance_open`);
  }
}
