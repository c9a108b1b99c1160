import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { OutboxSignal } from '../outbox/outbox-signal';
import { OutboxTopic } from '../outbox/outbox.topics';
import { RedisConnections } from '../queues/redis-connections';
import { returnedRows } from './returned-rows.util';

/** How far back outbox rows are re-published after Redis lost its data. */
const REPUBLISH_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Notices that Redis lost its data (FLUSHALL, a restart without persistence, a new server) and
 * re-publishes the outbox rows whose work may not be done yet, so every case still completes.
 *
 * A sentinel key is set in Redis; when a sweep finds it missing, the one process that sets it again
 * (`SET NX`) marks unpublished, in ONE statement, the rows of the last day of this prefix that
 * still matter: those of running instances, of call results and child cancellations, of message
 * and signal deliveries, and of jobs still open. Every handler is idempotent (a continuation whose
 * wait is gone, a delivery already recorded, a job no longer open change nothing), so re-publishing
 * work that was done costs time only. Timers are re-queued by the timer sweep.
 */
@Injectable()
export class RedisLossRecovery {
  private readonly logger = new Logger(RedisLossRecovery.name);
  private redis?: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly connections: RedisConnections,
    private readonly outboxSignal: OutboxSignal,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private get sentinelKey(): string {
    return `${this.config.queuePrefix}:tongban:sentinel`;
  }

  /** Checks the sentinel; returns how many outbox rows were re-armed (0 when Redis kept its data). */
  async check(): Promise<number> {
    this.redis ??= this.connections.create();
    if ((await this.redis.exists(this.sentinelKey)) === 1) return 0;
    const set = await this.redis.set(this.sentinelKey, this.clock.now().toISOString(), 'NX');
    if (set !== 'OK') return 0;
    const rearmed = await this.republish();
    if (rearmed > 0) {
      this.logger.warn(`Redis holds no data of prefix ${this.config.queuePrefix}: re-publishing ${rearmed} outbox rows`);
      this.outboxSignal.ring();
    }
    return rearmed;
  }

  /**
   * Marks the outbox rows that may still have work to do as unpublished. The window is about
   * Redis' data, not about the cases: it stays on the database's wall clock.
   */
  async republish(): Promise<number> {
    const rows = returnedRows(await this.dataSource.query(
      `UPDATE outbox o SET published_at = NULL
        WHERE o.queue_prefix = $1 AND o.published_at IS NOT NULL AND o.created_at > now() - $2 * interval '1 millisecond'
          AND o.topic <> $3
          AND CASE
                WHEN o.topic LIKE 'jobs.%' AND o.payload ? 'jobId' THEN
                  EXISTS (SELECT 1 FROM job j WHERE j.id = (o.payload->>'jobId')::uuid AND j.state IN ('activatable', 'activated'))
                WHEN o.topic = $4 THEN
                  EXISTS (SELECT 1 FROM process_instance p WHERE p.id = (o.payload->>'parentId')::uuid AND p.ended_at IS NULL)
                WHEN o.instance_id IS NULL OR o.topic IN ('messages', 'signals', 'control') THEN true
                ELSE EXISTS (SELECT 1 FROM process_instance p WHERE p.id = o.instance_id AND p.ended_at IS NULL)
              END
        RETURNING o.id`,
      [this.config.queuePrefix, REPUBLISH_WINDOW_MS, OutboxTopic.timers, OutboxTopic.calls],
    ));
    return rows.length;
  }
}
