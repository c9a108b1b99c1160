import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { waitsAt, type InstanceState } from '@tongban/engine';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { JOB_RESULTS_TOPIC, jobResultJobId } from '../jobs/job.types';
import { outboxJobId } from '../outbox/outbox-relay';
import { OutboxSignal } from '../outbox/outbox-signal';
import { OutboxTopic } from '../outbox/outbox.topics';
import { QueueProducer } from '../queues/queue-producer';
import { RedisConnections } from '../queues/redis-connections';
import { returnedRows } from './returned-rows.util';

/** How far back published rows are checked against Redis. */
const WINDOW_MS = 3600 * 1000;
/** Rows checked per call; a cursor walks the window over successive calls. */
const BATCH_SIZE = 1_000;
/** A row re-published this many times is left alone (a job that keeps failing for good). */
const MAX_REPUBLISHES = 10;

interface Candidate {
  id: string;
  topic: string;
  queue_job_id: string | null;
  job_id: string | null;
  instance_id: string | null;
  wait_key: string | null;
}

/**
 * Re-publishes work that PostgreSQL says is still pending but that BullMQ no longer carries.
 *
 * Contract. An outbox row is PENDING while the effect it carries has not been applied, as PostgreSQL
 * itself shows it: a continuation while its instance still waits at the row's continuation key
 * (the engine's `waitsAt`, asked of the stored state only for rows BullMQ no longer carries); a call
 * start or result while the parent runs; a job's message while the job is `activatable`; a message,
 * signal or child cancellation (idempotent, recorded per delivery) always. A pending row that was published more than the grace period ago
 * is STRANDED when its BullMQ job (`outbox-<id>` or the row's `queueJobId`) is missing (Redis lost
 * it, or trimmed it) or sits in the failed set (BullMQ gave up: stalled out, retries used up). A
 * stranded row has its failed job removed, its `republishes` count incremented and `published_at`
 * cleared, in that order; the outbox relay then adds the job again under the same id. Handlers
 * ignore work already done, so re-publishing is at worst wasted work; `MAX_REPUBLISHES` bounds a job
 * that fails for good. A department worker's result (`result-<jobId>` on the results queue) that
 * BullMQ failed while its job is still activatable is retried in place (not bounded: applying a
 * result is idempotent, and the row leaves the window after an hour). Waiting, delayed, active and
 * completed jobs are live and left alone; a job whose worker died is handed out again by BullMQ's
 * stall check (`STALL_OPTIONS`). Timers are re-queued by the timer sweep. Every worker may run this
 * at once: each step is idempotent.
 */
@Injectable()
export class StrandedWorkRecovery {
  private readonly logger = new Logger(StrandedWorkRecovery.name);
  private redis?: Redis;
  /** The next row to check; `undefined` between passes over the window. */
  private cursor?: string;
  /** Below the window's oldest row: outbox ids grow with time, so each pass walks on from the last one's floor, not from 0. */
  private floor = '0';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly connections: RedisConnections,
    private readonly producer: QueueProducer,
    private readonly outboxSignal: OutboxSignal,
  ) {}

  /**
   * Checks the next batch of pending published rows against Redis; returns how many were
   * re-published. Its windows are about the relay and Redis, not about the cases: they stay on the
   * database's wall clock.
   */
  async sweep(grace = this.config.strandedGraceMs): Promise<number> {
    if (this.cursor === undefined) {
      const [{ oldest, newest }] = await this.dataSource.query(
        `SELECT (SELECT id FROM outbox WHERE id > $1::bigint AND created_at > now() - $2 * interval '1 millisecond' ORDER BY id LIMIT 1) AS oldest,
                (SELECT max(id) FROM outbox) AS newest`,
        [this.floor, WINDOW_MS],
      );
      // a margin below, for rows of transactions that took their id earlier and committed later
      const below = oldest ?? newest;
      if (below !== null) this.floor = String(BigInt(below) > 1_000n ? BigInt(below) - 1_000n : 0n);
      this.cursor = this.floor;
    }
    const rows: Candidate[] = await this.dataSource.query(
      `SELECT o.id, o.topic, o.payload->>'queueJobId' AS queue_job_id, o.payload->>'jobId' AS job_id,
              o.payload->>'instanceId' AS instance_id, o.payload->>'key' AS wait_key FROM outbox o
        WHERE o.queue_prefix = $1 AND o.id > $2::bigint
          AND o.published_at IS NOT NULL AND o.published_at < now() - $3 * interval '1 millisecond'
          AND o.created_at > now() - $4 * interval '1 millisecond'
          AND o.topic <> $5 AND COALESCE((o.payload->>'republishes')::int, 0) < $6
          AND CASE
                WHEN o.topic = $7 THEN
                  EXISTS (SELECT 1 FROM process_instance p WHERE p.id = (o.payload->>'instanceId')::uuid AND p.ended_at IS NULL)
                WHEN o.topic LIKE 'jobs.%' AND o.payload ? 'jobId' THEN
                  EXISTS (SELECT 1 FROM job j WHERE j.id = (o.payload->>'jobId')::uuid AND j.state = 'activatable')
                WHEN o.topic = $8 THEN
                  EXISTS (SELECT 1 FROM process_instance p WHERE p.id = (o.payload->>'parentId')::uuid AND p.ended_at IS NULL)
                WHEN o.instance_id IS NULL OR o.topic IN ('messages', 'signals', 'control') THEN true
                ELSE EXISTS (SELECT 1 FROM process_instance p WHERE p.id = o.instance_id AND p.ended_at IS NULL)
              END
        ORDER BY o.id LIMIT $9`,
      [this.config.queuePrefix, this.cursor, grace, WINDOW_MS, OutboxTopic.timers, MAX_REPUBLISHES, OutboxTopic.continuation, OutboxTopic.calls, BATCH_SIZE],
    );
    this.cursor = rows.length < BATCH_SIZE ? undefined : rows[rows.length - 1].id;
    if (rows.length === 0) return 0;

    this.redis ??= this.connections.create();
    const prefix = this.connections.prefix;
    const jobIdOf = (row: Candidate) => row.queue_job_id ?? outboxJobId(row.id);
    const pipeline = this.redis.pipeline();
    for (const row of rows) {
      pipeline.exists(`${prefix}:${row.topic}:${jobIdOf(row)}`);
      pipeline.zscore(`${prefix}:${row.topic}:failed`, jobIdOf(row));
      pipeline.zscore(`${prefix}:${JOB_RESULTS_TOPIC}:failed`, row.job_id ? jobResultJobId(row.job_id) : '');
    }
    const replies = (await pipeline.exec()) ?? [];
    const stranded: Candidate[] = [];
    const failedResults: string[] = [];
    rows.forEach((row, i) => {
      const [existsError, exists] = replies[3 * i] ?? [];
      const [failedError, failedScore] = replies[3 * i + 1] ?? [];
      const [, resultFailedScore] = replies[3 * i + 2] ?? [];
      if (existsError || failedError) return;
      if (exists === 0 || failedScore !== null) stranded.push(row);
      else if (row.job_id && row.topic.startsWith('jobs.') && resultFailedScore != null) failedResults.push(jobResultJobId(row.job_id));
    });
    for (const id of failedResults) {
      const result = await this.producer.queue(JOB_RESULTS_TOPIC).getJob(id).catch(() => undefined);
      await result?.retry('failed').catch(() => undefined);
    }
    if (failedResults.length > 0) this.logger.warn(`retrying ${failedResults.length} failed results of jobs still activatable`);
    const pending = await this.stillPending(stranded);
    if (pending.length === 0) return failedResults.length;

    for (const row of pending) await this.producer.queue(row.topic).remove(jobIdOf(row)).catch(() => 0);
    const rearmed = returnedRows(await this.dataSource.query(
      `UPDATE outbox SET published_at = NULL,
              payload = jsonb_set(payload, '{republishes}', to_jsonb(COALESCE((payload->>'republishes')::int, 0) + 1))
        WHERE id = ANY($1::bigint[]) AND published_at IS NOT NULL
        RETURNING id`,
      [pending.map((row) => row.id)],
    ));
    if (rearmed.length > 0) {
      this.logger.warn(`re-publishing ${rearmed.length} outbox rows whose BullMQ jobs were missing or failed (${[...new Set(pending.map((r) => r.topic))].join(', ')})`);
      this.outboxSignal.ring();
    }
    return rearmed.length + failedResults.length;
  }

  /**
   * Drops continuations whose instance no longer waits at the continuation's key (taken up already),
   * as the engine answers from the instance's state; the other rows were decided by the SELECT.
   */
  private async stillPending(stranded: Candidate[]): Promise<Candidate[]> {
    const continuations = stranded.filter((row) => row.topic === OutboxTopic.continuation);
    if (continuations.length === 0) return stranded;
    const states = new Map(((await this.dataSource.query(
      `SELECT id, engine_state FROM process_instance WHERE id = ANY($1::uuid[]) AND ended_at IS NULL`,
      [[...new Set(continuations.map((row) => row.instance_id))]],
    )) as { id: string; engine_state: InstanceState }[]).map((row) => [row.id, row.engine_state]));
    return stranded.filter((row) => {
      if (row.topic !== OutboxTopic.continuation) return true;
      const state = row.instance_id ? states.get(row.instance_id) : undefined;
      return state !== undefined && row.wait_key !== null && waitsAt(state, row.wait_key, 'continuation');
    });
  }
}
