import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents deployed without an executable process (descriptive and analytic models) are kept as
 * deployment resources, so they can be deployed, found again and redeployed idempotently.
 */
export class DeploymentResources1763780000001 implements MigrationInterface {
  name = 'DeploymentResources1763780000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deployment_resource (
        id uuid PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deployment(id),
        name text NOT NULL,
        checksum char(64) NOT NULL,
        content text NOT NULL,
        notes jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX deployment_resource_checksum ON deployment_resource (checksum)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deployment_resource`);
  }
}
