import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';

/** Rows deleted per statement, so a first trim of a large table holds no lock for long. */
const BATCH = 5_000;
const DAY_MS = 24 * 3600 * 1000;
/** How often the history trim looks at every instance that ended before its cut-off, not only at those that ended since its last one. */
const FULL_HISTORY_PASS_MS = DAY_MS;

/**
 * Retention of the runtime's tables, run by the sweeper's cleanup (every 10 minutes, idempotent, in
 * every worker):
 * - outbox: published rows of this deployment created more than `TONGBAN_OUTBOX_RETENTION_DAYS`
 *   ago (default 7; at least 2, since Redis-loss recovery re-publishes the last day). Unpublished
 *   rows are never deleted;
 * - history: the `history_event` rows of instances that ended more than
 *   `TONGBAN_HISTORY_RETENTION_DAYS` ago; kept for ever when unset. Running instances keep theirs.
 *   The instances are walked in the order of the index `process_instance_ended` (ordered, so that the
 *   planner does not read the whole table for a batch), those that ended between the
 *   previous trim's cut-off and this one's, so a trim costs what aged out since, not every case ever
 *   stored; the first trim of a process, and one a day, looks at every instance ended before the
 *   cut-off (rows written to a case after it was trimmed go then).
 * Each in batches of BATCH rows, one statement each (history rows found and deleted by
 * `history_event_instance (instance_id, id)`: the table has no other key).
 */
@Injectable()
export class RuntimeRetention {
  /** The cut-off of the last history trim, and when the last one over every ended instance ran. */
  private historyTrimmed?: { before: Date; fullPassAt: Date };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async trim(): Promise<{ outbox: number; history: number }> {
    return { outbox: await this.trimOutbox(), history: await this.trimHistory() };
  }

  private async trimOutbox(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.outboxRetentionDays * DAY_MS);
    return this.inBatches(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE created_at < $1 AND queue_prefix = $2 AND published_at IS NOT NULL LIMIT ${BATCH})`,
      [before, this.config.queuePrefix],
    );
  }

  private async trimHistory(): Promise<number> {
    if (this.config.historyRetentionDays === undefined) return 0;
    const now = this.clock.now();
    const before = new Date(now.getTime() - this.config.historyRetentionDays * DAY_MS);
    const last = this.historyTrimmed;
    const full = !last || now.getTime() - last.fullPassAt.getTime() >= FULL_HISTORY_PASS_MS || before < last.before;
    const deleted = await this.inBatches(
      `DELETE FROM history_event WHERE (instance_id, id) IN (
         SELECT h.instance_id, h.id FROM history_event h JOIN process_instance p ON p.id = h.instance_id
          WHERE p.ended_at < $1 AND p.ended_at >= $2::timestamptz ORDER BY p.ended_at LIMIT ${BATCH})`,
      [before, full ? '-infinity' : last.before],
    );
    this.historyTrimmed = { before, fullPassAt: full ? now : last.fullPassAt };
    return deleted;
  }

  private async inBatches(sql: string, parameters: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(sql, parameters)) as [unknown, number];
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
