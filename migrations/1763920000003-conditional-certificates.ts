import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 容缺 to the end: a certificate issued while deferred materials of its item were still out is flagged `conditional`. */
export class ConditionalCertificates1763920000003 implements MigrationInterface {
  name = 'ConditionalCertificates1763920000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate ADD COLUMN conditional boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate DROP COLUMN IF EXISTS conditional`);
  }
}
