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
/**
 * Outbox ids read per call: a call reads the rows of `(cursor, cursor + span]` whether or not they
 * match, so its cost does not grow with the rows in the window.
 */
export const STRANDED_SWEEP_SPAN = 10_000;
/** Calls a pass over the window takes at most: a wider window widens the span, so a pass never falls behind the hour. */
const PASS_CALLS = 60;
/** Candidates checked against Redis per call at most; more in one span and the next call goes on after the last. */
const BATCH_SIZE = 1_000;
/** A row re-published this many times is left alone (a job that keeps failing for good). */
const MAX_REPUBLISHES = 10;
/** The newest failed results-queue jobs looked at per batch for reports (several results in one job) to retry. */
const FAILED_REPORTS_CHECKED = 100;

/** The BullMQ job that carries a row's work: its group's (job messages in groups), its own `queueJobId`, or `outbox-<id>`. */
function jobIdOf(row: Candidate): string {
  return row.queue_group_id ?? row.queue_job_id ?? outboxJobId(row.id);
}

interface Candidate {
  id: string;
  topic: string;
  queue_job_id: string | null;
  /** The group of job messages the row was last published in (`TONGBAN_JOB_GROUP_SIZE` above 1). */
  queue_group_id: string | null;
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
 * signal or child cancellation (idempotent, recorded per delivery) always; a domain event the relay
 * left out as `unheard` (no one to tell, `EventAudiences`) never. A pending row that was published more than the grace period ago
 * is STRANDED when its BullMQ job (`outbox-<id>`, the row's `queueJobId`, or the group of job messages it
 * was published in, `queueGroupId`) is missing (Redis lost
 * it, or trimmed it) or sits in the failed set (BullMQ gave up: stalled out, retries used up). A
 * stranded row has its failed job removed, its `republishes` count incremented and `published_at`
 * cleared, in that order; the outbox relay then adds the job again under the same id (a row of a group:
 * the failed group is removed, and each of its rows still pending is re-published, grouped again with
 * whatever the relay's batch holds). Handlers
 * ignore work already done, so re-publishing is at worst wasted work; `MAX_REPUBLISHES` bounds a job
 * that fails for good. A department worker's result (`result-<jobId>` on the results queue, or a
 * report of several, `results-<uuid>`, that holds it) that BullMQ failed while its job is still
 * activatable is retried in place (not bounded: applying a result is idempotent, and the row leaves
 * the window after an hour). Waiting, delayed, active and
 * completed jobs are live and left alone; a job whose worker died is handed out again by BullMQ's
 * stall check (`STALL_OPTIONS`). Timers are re-queued by the timer sweep. Every worker may run this
 * at once: each step is idempotent.
 *
 * Cost. A call reads one span of outbox ids (`STRANDED_SWEEP_SPAN`, 10,000) above its cursor, so its
 * cost is flat in the rows published in the window, and its instance and job checks read the open
 * instances (`process_instance_open`) and activatable jobs only, not every one stored. A pass walks from
 * the floor to the newest id seen when it began, span after span, then starts again from the floor: every
 * row of the window is checked once per pass. A pending row stranded when a pass begins is found by that
 * pass, within `ceil((newest - floor) / span)` calls (one more for each span holding more than 1,000
 * candidates); one stranded behind the cursor, by the next pass. A pass takes at most 60 spans: when the window
 * holds more than 60 × 10,000 ids, the pass's span is a sixtieth of it, so with a call every 5 s a pass
 * takes about 5 minutes whatever the throughput (and a call's cost then grows with the rows published
 * in the hour, never with the data stored). Each pass starts from the window's
 * oldest row less a margin of 1,000 ids, so a row of a transaction that took its id before a row already
 * checked and committed after it is checked by the next pass.
 */
@Injectable()
export class StrandedWorkRecovery {
  private readonly logger = new Logger(StrandedWorkRecovery.name);
  private redis?: Redis;
  /** The last id read; `undefined` between passes over the window. */
  private cursor?: string;
  /** The newest id when the pass began: the pass ends when the cursor reaches it. */
  private end = '0';
  /** A sixtieth of the window when this pass began: a call reads this many ids when it is more than the span asked for. */
  private widened = 0n;
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
   * Checks the pending published rows of the next span of ids against Redis; returns how many were
   * re-published. Its windows are about the relay and Redis, not about the cases: they stay on the
   * database's wall clock.
   */
  async sweep(grace = this.config.strandedGraceMs, span = STRANDED_SWEEP_SPAN): Promise<number> {
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
      this.end = newest ?? this.floor;
      const window = BigInt(this.end) - BigInt(this.floor);
      this.widened = (window + BigInt(PASS_CALLS) - 1n) / BigInt(PASS_CALLS);
    }
    const upTo = String(BigInt(this.cursor) + (this.widened > BigInt(span) ? this.widened : BigInt(span)));
    const rows: Candidate[] = await this.dataSource.query(
      `SELECT o.id, o.topic, o.payload->>'queueJobId' AS queue_job_id, o.payload->>'queueGroupId' AS queue_group_id, o.payload->>'jobId' AS job_id,
              o.payload->>'instanceId' AS instance_id, o.payload->>'key' AS wait_key FROM outbox o
        WHERE o.queue_prefix = $1 AND o.id > $2::bigint AND o.id <= $10::bigint
          AND o.published_at IS NOT NULL AND o.published_at < now() - $3 * interval '1 millisecond'
          AND o.created_at > now() - $4 * interval '1 millisecond'
          AND o.topic <> $5 AND COALESCE((o.payload->>'republishes')::int, 0) < $6
          AND NOT o.payload ? 'unheard'
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
      [this.config.queuePrefix, this.cursor, grace, WINDOW_MS, OutboxTopic.timers, MAX_REPUBLISHES, OutboxTopic.continuation, OutboxTopic.calls, BATCH_SIZE, upTo],
    );
    const reached = rows.length < BATCH_SIZE ? upTo : rows[rows.length - 1].id;
    this.cursor = BigInt(reached) < BigInt(this.end) ? reached : undefined;
    if (rows.length === 0) return 0;

    this.redis ??= this.connections.create();
    const checked = await this.check(this.redis, rows);
    if (!checked) return 0;
    const { stranded, failedResults } = checked;
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
   * Which rows' jobs are missing or failed, and which results of still activatable jobs BullMQ failed,
   * in a number of Redis commands that does not grow with the rows (every key shares the prefix's hash
   * tag, so the multi-key commands hold on a Redis Cluster too): ONE `EXISTS` of every row's job counts
   * them, ONE `ZMSCORE` per topic asks its failed set, ONE asks the results queue's and ONE lists its
   * newest failed jobs (a failed report is then read to see whose results it holds). Only when the count
   * falls short are the jobs asked one by one, to name the missing ones. `undefined` when Redis did not
   * answer: nothing is re-published on a guess.
   */
  private async check(redis: Redis, rows: Candidate[]): Promise<{ stranded: Candidate[]; failedResults: string[] } | undefined> {
    const prefix = this.connections.prefix;
    const keyOf = (row: Candidate) => `${prefix}:${row.topic}:${jobIdOf(row)}`;
    const byTopic = new Map<string, Candidate[]>();
    for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
    const resultRows = rows.filter((row) => row.job_id && row.topic.startsWith('jobs.'));
    const pipeline = redis.pipeline();
    pipeline.exists(...rows.map(keyOf));
    for (const [topic, topicRows] of byTopic) pipeline.zmscore(`${prefix}:${topic}:failed`, ...topicRows.map(jobIdOf));
    if (resultRows.length > 0) {
      pipeline.zmscore(`${prefix}:${JOB_RESULTS_TOPIC}:failed`, ...resultRows.map((row) => jobResultJobId(row.job_id!)));
      pipeline.zrevrange(`${prefix}:${JOB_RESULTS_TOPIC}:failed`, 0, FAILED_REPORTS_CHECKED - 1);
    }
    const replies = (await pipeline.exec()) ?? [];
    if (replies.length === 0 || replies.some(([error]) => error)) return undefined;
    const failed = new Set<Candidate>();
    [...byTopic.values()].forEach((topicRows, t) => {
      const scores = replies[1 + t][1] as (string | null)[];
      topicRows.forEach((row, i) => scores[i] !== null && failed.add(row));
    });
    const resultScores = resultRows.length > 0 ? (replies[1 + byTopic.size][1] as (string | null)[]) : [];
    const missing = new Set<Candidate>();
    if ((replies[0][1] as number) < rows.length) {
      const each = redis.pipeline();
      for (const row of rows) each.exists(keyOf(row));
      const found = (await each.exec()) ?? [];
      if (found.length !== rows.length || found.some(([error]) => error)) return undefined;
      rows.forEach((row, i) => found[i][1] === 0 && missing.add(row));
    }
    const stranded = rows.filter((row) => missing.has(row) || failed.has(row));
    const waiting = resultRows.filter((row) => !stranded.includes(row));
    const failedResults = waiting.filter((row) => resultScores[resultRows.indexOf(row)] !== null).map((row) => jobResultJobId(row.job_id!));
    const failedReports = resultRows.length > 0 ? (replies[2 + byTopic.size][1] as string[]).filter((id) => id.startsWith('results-')) : [];
    if (failedReports.length > 0) failedResults.push(...(await this.reportsHolding(failedReports, new Set(waiting.map((row) => row.job_id!)))));
    return { stranded, failedResults };
  }

  /** The failed reports (several results in one results-queue job) that hold a result of one of `jobIds`. */
  private async reportsHolding(reports: string[], jobIds: Set<string>): Promise<string[]> {
    const queue = this.producer.queue(JOB_RESULTS_TOPIC);
    const holding: string[] = [];
    for (const id of reports) {
      const report = await queue.getJob(id).catch(() => undefined);
      const results = (report?.data as { results?: { jobId?: unknown }[] } | undefined)?.results ?? [];
      if (results.some((result) => typeof result.jobId === 'string' && jobIds.has(result.jobId))) holding.push(id);
    }
    return holding;
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
