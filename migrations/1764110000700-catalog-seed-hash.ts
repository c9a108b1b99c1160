import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REGION_DEFAULT, VISIBLE } from './1763990000001-regions';

/**
 * `catalog_seed`: per region, the hash of the shipped catalogue (its files, the release and the schema)
 * last seeded into it, so a start whose files are unchanged skips seeding instead of comparing every
 * entry, bundle and form again. Regional like every table (column, FORCE RLS, policy).
 */
export class CatalogSeedHash1764110000700 implements MigrationInterface {
  name = 'CatalogSeedHash1764110000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_seed (
        region text NOT NULL DEFAULT ${REGION_DEFAULT} PRIMARY KEY,
        content_hash text NOT NULL,
        seeded_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE catalog_seed ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE catalog_seed FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY region_rows ON catalog_seed USING (${VISIBLE}) WITH CHECK (${VISIBLE})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog_seed`);
  }
}
