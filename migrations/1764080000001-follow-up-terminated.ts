import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A 容缺 follow-up may also close because its department terminated the item (`close_reason = 'terminated'`). */
export class FollowUpTerminated1764080000001 implements MigrationInterface {
  name = 'FollowUpTerminated1764080000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE material_follow_up DROP CONSTRAINT material_follow_up_close_reason_check`);
    await q.query(`ALTER TABLE material_follow_up ADD CONSTRAINT material_follow_up_close_reason_check CHECK (close_reason IN ('handed-in', 'followed-up', 'terminated'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE material_follow_up DROP CONSTRAINT material_follow_up_close_reason_check`);
    await q.query(`ALTER TABLE material_follow_up ADD CONSTRAINT material_follow_up_close_reason_check CHECK (close_reason IN ('handed-in', 'followed-up'))`);
  }
}
