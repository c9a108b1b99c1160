import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 加签 on a single task: a signer's task is a `task` row that points at the task it signs for
 * (`sign_of`, with `sign_position` before or after) and shares its engine wait key, so the one-task-per-
 * wait-key rule now holds for the engine's own rows only. A task held while signers before it work is
 * in state `signing`; signers named to come after it wait in `signers_after` until it completes, and
 * the completion the engine is then owed (variables, decision) waits in `deferred_completion` until
 * the last of them has signed. 抄送 copies go to `task_cc`, one row per recipient.
 */
export class TaskSigners1763920000001 implements MigrationInterface {
  name = 'TaskSigners1763920000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN sign_of uuid REFERENCES task (id), ADD COLUMN sign_position text,
      ADD COLUMN signers_after jsonb, ADD COLUMN deferred_completion jsonb`);
    await q.query(`ALTER TABLE task DROP CONSTRAINT task_instance_element_key`);
    await q.query(`CREATE UNIQUE INDEX task_instance_element_key ON task (instance_id, element_key) WHERE sign_of IS NULL`);
    await q.query(`CREATE INDEX task_sign_of ON task (sign_of) WHERE sign_of IS NOT NULL`);
    await q.query(`CREATE TABLE task_cc (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      task_id uuid NOT NULL REFERENCES task (id) ON DELETE CASCADE,
      instance_id uuid NOT NULL,
      recipient text NOT NULL,
      sent_by text NOT NULL,
      sent_at timestamptz NOT NULL,
      comment text NOT NULL,
      read_at timestamptz,
      CONSTRAINT task_cc_once UNIQUE (task_id, recipient)
    )`);
    await q.query(`CREATE INDEX task_cc_recipient ON task_cc (recipient, sent_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS task_cc`);
    await q.query(`DROP INDEX IF EXISTS task_sign_of`);
    await q.query(`DELETE FROM task WHERE sign_of IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS task_instance_element_key`);
    await q.query(`ALTER TABLE task ADD CONSTRAINT task_instance_element_key UNIQUE (instance_id, element_key)`);
    await q.query(`ALTER TABLE task DROP COLUMN IF EXISTS sign_of, DROP COLUMN IF EXISTS sign_position, DROP COLUMN IF EXISTS signers_after, DROP COLUMN IF EXISTS deferred_completion`);
  }
}
