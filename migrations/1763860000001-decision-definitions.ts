import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deployed DMN decisions: one row per decision and version, versioned by decision id like process
 * keys, carrying the DMN XML and the parsed decision requirements graph it belongs to (jsonb).
 */
export class DecisionDefinitions1763860000001 implements MigrationInterface {
  name = 'DecisionDefinitions1763860000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decision_definition (
        id uuid PRIMARY KEY,
        deployment_id uuid NOT NULL,
        key text NOT NULL,
        version integer NOT NULL,
        name text,
        resource_name text NOT NULL,
        checksum char(64) NOT NULL,
        xml text NOT NULL,
        drg jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (key, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE decision_definition');
  }
}
