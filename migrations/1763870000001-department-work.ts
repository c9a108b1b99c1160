import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Department work on tasks: 催办 (urges, at most one per task per interval) are kept in `task_urge`
 * for the notification inbox; a task keeps the clerk's unsaved work (`draft`) until it completes; a
 * delegated task (委派) remembers its `owner` and its `delegation_state` (pending, resolved).
 */
export class DepartmentWork1763870000001 implements MigrationInterface {
  name = 'DepartmentWork1763870000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE task_urge (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      task_id uuid NOT NULL REFERENCES task (id) ON DELETE CASCADE,
      instance_id uuid NOT NULL,
      urged_by text NOT NULL,
      urged_at timestamptz NOT NULL,
      to_assignee text,
      to_department text,
      comment text NOT NULL
    )`);
    await q.query(`CREATE INDEX task_urge_task_at ON task_urge (task_id, urged_at DESC)`);
    await q.query(`ALTER TABLE task ADD COLUMN draft jsonb, ADD COLUMN owner text, ADD COLUMN delegation_state text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task DROP COLUMN IF EXISTS draft, DROP COLUMN IF EXISTS owner, DROP COLUMN IF EXISTS delegation_state`);
    await q.query(`DROP TABLE IF EXISTS task_urge`);
  }
}
