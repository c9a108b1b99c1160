import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `history_event_at` becomes a BRIN index (block ranges of `at`) instead of a B-tree. No statement of
 * the application filters or orders history by `at` (an instance's history is read by
 * `history_event_instance`, retention deletes by id the rows of instances that ended long enough ago),
 * and rows are appended in time order, so a time range is still found by the ranges of blocks it lies
 * in (a bitmap scan, for an operator's trim by time or a partition's check). A B-tree took an entry
 * per row: about nine per task completion (the task's and its flow's events), each a WAL record and a
 * leaf page touched in the completion's own statement; a BRIN index takes none until its range is
 * summarised (autovacuum, or `brin_summarize_new_values`).
 */
export class HistoryTimeBrin1764150000200 implements MigrationInterface {
  name = 'HistoryTimeBrin1764150000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS history_event_at`);
    await q.query(`CREATE INDEX history_event_at ON history_event USING brin (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS history_event_at`);
    await q.query(`CREATE INDEX history_event_at ON history_event (at)`);
  }
}
