import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task clocks and supervision (电子监察): `task_clock`, the promised and legal due instants of every
 * user task and its warning level; `clock_warning`, the scheduled yellow/red/overdue transitions of
 * each clock (fired once, moved by pauses); `supervision_directive`, a supervisor's 督办 and the
 * department's reply.
 */
export class TaskClocksSupervision1763940000001 implements MigrationInterface {
  name = 'TaskClocksSupervision1763940000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_clock (
        task_id uuid PRIMARY KEY,
        instance_id uuid NOT NULL,
        application_id uuid,
        item text,
        department text,
        element_id text NOT NULL,
        started_at timestamptz NOT NULL,
        limit_days integer,
        limit_unit text,
        scheduled_due_at timestamptz,
        follow_up_at timestamptz,
        due_at timestamptz,
        legal_due_at timestamptz,
        level text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'yellow', 'red', 'overdue')),
        level_at timestamptz,
        problem text,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX task_clock_open_level ON task_clock (level, department, item, due_at, task_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX task_clock_application ON task_clock (application_id)`);
    await q.query(`CREATE INDEX task_clock_instance ON task_clock (instance_id)`);
    await q.query(`CREATE INDEX task_clock_started ON task_clock (started_at)`);
    await q.query(`
      CREATE TABLE clock_warning (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES task_clock (task_id) ON DELETE CASCADE,
        level text NOT NULL CHECK (level IN ('yellow', 'red', 'overdue')),
        due_at timestamptz,
        state text NOT NULL CHECK (state IN ('scheduled', 'fired', 'cancelled')),
        generation integer NOT NULL DEFAULT 0,
        fired_at timestamptz,
        UNIQUE (task_id, level)
      )`);
    await q.query(`CREATE INDEX clock_warning_due ON clock_warning (due_at) WHERE state = 'scheduled'`);
    await q.query(`
      CREATE TABLE supervision_directive (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL,
        department text NOT NULL,
        comment text NOT NULL,
        reply_within_days integer NOT NULL,
        due_at timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        reply text,
        replied_by text,
        replied_at timestamptz
      )`);
    await q.query(`CREATE INDEX supervision_directive_department ON supervision_directive (department, created_at)`);
    await q.query(`CREATE INDEX supervision_directive_application ON supervision_directive (application_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision_directive`);
    await q.query(`DROP TABLE clock_warning`);
    await q.query(`DROP TABLE task_clock`);
  }
}
