import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case keeps the item definitions it was accepted under, and a bundle the composition it last
 * deployed, so recomposing a bundle or changing an item does not change running cases.
 */
export class CatalogCaseItems1763800000001 implements MigrationInterface {
  name = 'CatalogCaseItems1763800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bundle ADD COLUMN deployed_artifacts jsonb`);
    await q.query(`UPDATE bundle SET deployed_artifacts = artifacts WHERE deployed_definition_id IS NOT NULL`);
    await q.query(`ALTER TABLE application ADD COLUMN item_definitions jsonb`);
    await q.query(`UPDATE application a SET item_definitions = b.artifacts -> 'itemDefinitions' FROM bundle b WHERE b.code = a.bundle_code`);
    await q.query(`ALTER TABLE application ALTER COLUMN item_definitions SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP COLUMN item_definitions`);
    await q.query(`ALTER TABLE bundle DROP COLUMN deployed_artifacts`);
  }
}
