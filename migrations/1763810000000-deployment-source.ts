import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deployment made from a file under `workflows/` records the file's path and the sha256 of its
 * content, so a start deploys the file again only when it changed since its last deployment.
 */
export class DeploymentSource1763810000000 implements MigrationInterface {
  name = 'DeploymentSource1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deployment ADD COLUMN source_file text, ADD COLUMN source_hash char(64)`);
    await q.query(`CREATE INDEX deployment_source_file ON deployment (source_file, created_at) WHERE source_file IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deployment_source_file`);
    await q.query(`ALTER TABLE deployment DROP COLUMN IF EXISTS source_file, DROP COLUMN IF EXISTS source_hash`);
  }
}
