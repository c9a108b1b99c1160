import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REGION_DEFAULT, VISIBLE } from './1763990000001-regions';

/**
 * 容缺 deadlines missed: `material_follow_up`, one row per deferred material whose deadline passed
 * without it (unique per case, item and material, so a redelivered deadline opens nothing twice):
 * the item's department follows it up; the material handed in late closes it. Regional like every
 * table (column, FORCE RLS, policy).
 */
export class MaterialFollowUps1764070000001 implements MigrationInterface {
  name = 'MaterialFollowUps1764070000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE material_follow_up (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        item text NOT NULL,
        material text NOT NULL,
        department text NOT NULL,
        deadline_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'closed')),
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by text,
        close_reason text CHECK (close_reason IN ('handed-in', 'followed-up')),
        comment text,
        region text NOT NULL DEFAULT ${REGION_DEFAULT},
        UNIQUE (application_id, item, material)
      )`);
    await q.query(`CREATE INDEX material_follow_up_open ON material_follow_up (department, opened_at) WHERE state = 'open'`);
    await q.query(`ALTER TABLE material_follow_up ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE material_follow_up FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY region_rows ON material_follow_up USING (${VISIBLE}) WITH CHECK (${VISIBLE})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE material_follow_up`);
  }
}
