import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that keep the inbox and the supervision list as fast with a million stored cases as with
 * ten thousand: both read open work only, which these partial indexes hold (the ended rows, 90 % and
 * more of a database after some years, are not in them).
 * - `task_open_department`: a department's open (or claimed, in correction, signing) tasks in the
 *   inbox's keyset order; `region` included so that the bounded count is an index-only scan under
 *   the region policy;
 * - `task_clock_open_due`: the running clocks of a level in the supervision list's order (the due
 *   instant, none last, then the task), with what its filters and its case lookup read.
 */
export class OpenWorkIndexes1764100000200 implements MigrationInterface {
  name = 'OpenWorkIndexes1764100000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX task_open_department ON task (department, state, created_at, id) INCLUDE (region)
                    WHERE state IN ('open', 'claimed', 'correction', 'signing')`);
    await q.query(`CREATE INDEX task_clock_open_due ON task_clock (level, (coalesce(due_at, 'infinity'::timestamptz)), task_id)
                    INCLUDE (instance_id, department, item, region) WHERE ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_clock_open_due`);
    await q.query(`DROP INDEX task_open_department`);
  }
}
