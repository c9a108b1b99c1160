import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tasks of an instance by an index on `instance_id`: the task list of a case
 * (`GET /tasks?processInstanceId=…`, what a supervisor, an integrator and the monitor ask), its bounded
 * count, and the case reads of other packages (`instance_id = ANY(…)`: a case's steps and departments)
 * had none they could use — `task_instance_element_key` holds the model's own tasks only (`WHERE sign_of
 * IS NULL`) and `task_department_instance` leads with the department — so without a department they
 * walked all of `task_department_instance`: 12,132 buffers, 566 ms for one case's open task with a million
 * tasks stored, 4 buffers with this index.
 * On a large installation an operator builds it first without blocking writes,
 * `CREATE INDEX CONCURRENTLY task_instance ON task (instance_id, created_at)`; the migration then finds it
 * (`IF NOT EXISTS`). Built here in the migration's transaction, it locks the task table against writes
 * while it runs (seconds for a million tasks).
 */
export class TaskInstanceIndex1764130000501 implements MigrationInterface {
  name = 'TaskInstanceIndex1764130000501';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS task_instance ON task (instance_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS task_instance`);
  }
}
