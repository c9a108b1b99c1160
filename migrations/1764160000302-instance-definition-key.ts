import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `process_instance` rows no longer carry a foreign key to `process_definition`. A start reads the
 * definition it starts, and definitions are never deleted (a deployment only adds versions), so the
 * check could not fail; but each start's check locked the definition's row `FOR KEY SHARE`, and all
 * concurrent starts of one bundle lock the same row: each lock was a WAL record, and overlapping ones
 * made PostgreSQL create a multixact (a shared-lock list stored beside the table) for the row.
 */
export class InstanceDefinitionKey1764160000302 implements MigrationInterface {
  name = 'InstanceDefinitionKey1764160000302';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance DROP CONSTRAINT IF EXISTS process_instance_definition_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance ADD CONSTRAINT process_instance_definition_id_fkey FOREIGN KEY (definition_id) REFERENCES process_definition (id)`);
  }
}
