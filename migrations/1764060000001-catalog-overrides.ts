import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A region's own variants of catalogue entries (事项编码 overrides): the versions of an entry are
 * counted per region, so a city can hold its variant of a national or provincial item code
 * without touching the parent's versions.
 *
 * 1. `catalog_entry`'s primary key gains the region: (region, kind, key, version).
 */
export class CatalogOverrides1764060000001 implements MigrationInterface {
  name = 'CatalogOverrides1764060000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog_entry DROP CONSTRAINT catalog_entry_pkey`);
    await q.query(`ALTER TABLE catalog_entry ADD PRIMARY KEY (region, kind, key, version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM catalog_entry WHERE region <> 'cn'`);
    await q.query(`ALTER TABLE catalog_entry DROP CONSTRAINT catalog_entry_pkey`);
    await q.query(`ALTER TABLE catalog_entry ADD PRIMARY KEY (kind, key, version)`);
  }
}
