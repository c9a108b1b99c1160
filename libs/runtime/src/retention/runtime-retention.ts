import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';

/** Rows deleted per statement, so a first trim of a large table holds no lock for long. */
const BATCH = 5_000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Retention of the runtime's tables, run by the sweeper's cleanup (every 10 minutes, idempotent, in
 * every worker):
 * - outbox: published rows of this deployment created more than `TONGBAN_OUTBOX_RETENTION_DAYS`
 *   ago (default 7; at least 2, since Redis-loss recovery re-publishes the last day). Unpublished
 *   rows are never deleted;
 * - history: the `history_event` rows of instances that ended more than
 *   `TONGBAN_HISTORY_RETENTION_DAYS` ago; kept for ever when unset. Running instances keep theirs.
 * Each in batches of BATCH rows, one statement each.
 */
@Injectable()
export class RuntimeRetention {
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
    const before = new Date(this.clock.now().getTime() - this.config.historyRetentionDays * DAY_MS);
    return this.inBatches(
      `DELETE FROM history_event WHERE id IN (
         SELECT h.id FROM history_event h JOIN process_instance p ON p.id = h.instance_id
          WHERE p.ended_at < $1 LIMIT ${BATCH})`,
      [before],
    );
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
