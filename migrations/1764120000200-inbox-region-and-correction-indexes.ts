import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the inbox and the task view by what their statements really filter on:
 * - `task_open_region_department`: a one-region caller's inbox (`region = … AND department = … AND
 *   state = …` in `(created_at, id)` order, and its bounded count) reads the open tasks of its own
 *   region only, where `task_open_department` walks those of every region of the department and
 *   filters the region out entry by entry; `task_open_department` stays for callers of several regions
 *   (a province's supervisor), whose list it keeps in order;
 * - `task_region` is dropped: a region holds a large share of every task, so no list reads through it,
 *   and it took an entry on every task insert and every task update that changes the state (a completion);
 * - `case_correction_task`: the task view's latest correction of a task (`task_id = $1 ORDER BY
 *   requested_at DESC LIMIT 1`) was a sequential scan of every correction stored, the only partial index
 *   on `task_id` holding open requests only.
 * Built in the migration's transaction like the earlier indexes (a build locks the table against
 * writes while it runs: seconds for a million tasks).
 */
export class InboxRegionAndCorrectionIndexes1764120000200 implements MigrationInterface {
  name = 'InboxRegionAndCorrectionIndexes1764120000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX task_open_region_department ON task (region, department, state, created_at, id)
                    WHERE state IN ('open', 'claimed', 'correction', 'signing')`);
    await q.query(`DROP INDEX IF EXISTS task_region`);
    await q.query(`CREATE INDEX case_correction_task ON case_correction (task_id, requested_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_correction_task`);
    await q.query(`CREATE INDEX task_region ON task (region)`);
    await q.query(`DROP INDEX task_open_region_department`);
  }
}
