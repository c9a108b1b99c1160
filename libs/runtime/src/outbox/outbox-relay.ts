import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { RUNTIME_CONFIG, outboxPublished, regionContext, type RuntimeConfig } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import type { DomainEvent } from '../events/domain-event';
import { EventAudiences } from '../events/event-audiences';
import { failpoint } from '../failpoints/failpoint';
import { JobAvailability } from '../jobs/job-availability';
import { JOB_GROUP_NAME, jobGroupId } from '../jobs/job.types';
import { QueueProducer } from '../queues/queue-producer';
import { OutboxNotifications } from './outbox-notifications';
import { OutboxSignal } from './outbox-signal';
import { jobTopic, OutboxTopic } from './outbox.topics';

const BATCH_SIZE = 200;
const POLL_MS = 250;

interface OutboxRow {
  id: string;
  topic: string;
  type: string;
  payload: Record<string, unknown>;
  available_at: Date;
  trace_parent: string | null;
  region: string;
}

/**
 * Delivery options of every outbox job: retried with backoff; the newest 100,000 completed jobs of each queue
 * are kept, so a re-publish of a job done is deduplicated and the stranded-work sweep sees it as done. A count
 * alone bounds Redis' memory as before; an age as well would cost every completion one more command
 * (`ZREVRANGEBYSCORE`) and only ever remove jobs the count keeps at fewer than 100,000 completions a day.
 */
export const OUTBOX_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 250 },
  removeOnComplete: { count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * The BullMQ job id of an outbox row: a re-publish of the same row adds no second job. A row whose
 * payload names its own `queueJobId` (a system-task job) is published under that id instead.
 */
export function outboxJobId(outboxId: string): string {
  return `outbox-${outboxId}`;
}

/**
 * Publishes committed outbox rows of this deployment's queue prefix to BullMQ. Wakes up when a
 * command in this process rings the in-process signal, when PostgreSQL notifies the outbox channel
 * (commands in other processes), and otherwise polls.
 *
 * A process that runs a relay never notifies the channel itself (`OutboxSignal` wakes its relay
 * in-process), so every notification heard comes from another process and wakes the relay.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private rung = false;
  private unlisten?: () => void;
  private notifications?: OutboxNotifications;
  /** The queues whose job messages travel in groups, when `TONGBAN_JOB_GROUP_TYPES` names them. */
  private groupedTopics?: Set<string>;
  /** Notifications of the outbox channel this relay has heard (each wakes it). */
  heard = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly producer: QueueProducer,
    private readonly signal: OutboxSignal,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jobAvailability: JobAvailability,
    private readonly audiences: EventAudiences,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.unlisten = this.signal.listen(() => this.ring());
    // Behind a transaction pooler a LISTEN would hear nothing: listen through the session URL, or only poll.
    const listenUrl = this.config.databasePoolMode === 'transaction' ? this.config.databaseSessionUrl : this.config.databaseUrl;
    if (listenUrl) {
      this.notifications = new OutboxNotifications(listenUrl, this.config.queuePrefix, () => {
        this.heard += 1;
        this.ring();
      });
      void this.notifications.start();
    }
    this.loop = this.run();
  }

  /** Stops polling before the database and Redis connections close. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.unlisten?.();
    await this.notifications?.stop();
    this.ring();
    await this.loop;
  }

  /**
   * Relay step: with `TONGBAN_RELAY_REGIONS`, one claim per region served, each naming its region (the
   * distribution column) so that a Citus cluster runs it on one shard; otherwise one claim over every
   * region. Answers how many rows were published.
   */
  async relayBatch(): Promise<number> {
    const regions = this.config.relayRegions;
    if (!regions) return this.relayClaim();
    let relayed = 0;
    for (const region of regions) relayed += await this.relayClaim(region);
    return relayed;
  }

  /**
   * One claim. ONE transaction: locks up to BATCH_SIZE unpublished rows of this prefix (and `region`,
   * when given) with `FOR UPDATE SKIP LOCKED`, so relays in many processes share the work; adds each as
   * a BullMQ job whose id is derived from the row id (delayed until `available_at`), then marks them
   * published. A crash after adding and before commit re-publishes the rows; BullMQ ignores a job
   * id it already holds, so nothing is delivered twice by the relay. After the commit, the job types
   * of the batch's new jobs are announced to long-polling activations (`JobAvailability`).
   * Each job carries the region of its row (`outboxRegion`): its handler writes there. A domain event
   * that no one is told about (`EventAudiences`, asked once for the batch's events) gets no job: its
   * row is marked published and `unheard`. With `TONGBAN_JOB_GROUP_SIZE` above 1, the job messages of one
   * type travel in groups (`jobsOf`), each row marked with its group's id (`queueGroupId`); a re-publish of
   * the same rows makes the same group id, which BullMQ deduplicates as it does a lone message's.
   */
  private async relayClaim(region?: string): Promise<number> {
    const jobTypes: string[] = [];
    const inRegion = region === undefined ? '' : ' AND region = $3';
    const relayed = await this.dataSource.transaction(async (manager) => {
      // The claim's transaction commits without waiting for its WAL to reach the disk (`synchronous_commit`
      // off for it alone, set by the claim itself: no round trip of its own). Its only writes are the
      // marks: a server crash losing the last of them re-publishes those rows, which BullMQ deduplicates by
      // job id as it does after a crash before the commit; its commit joins the next flush of the
      // commands' commits instead of syncing the WAL once more.
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, type, payload, available_at, trace_parent, region, set_config('synchronous_commit', 'off', true) AS sync FROM outbox
          WHERE queue_prefix = $1${inRegion} AND published_at IS NULL
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        region === undefined ? [this.config.queuePrefix, BATCH_SIZE] : [this.config.queuePrefix, BATCH_SIZE, region],
      );
      if (rows.length === 0) return 0;
      const now = this.clock.now().getTime();
      const unheard = await this.unheardEvents(manager, rows);
      const byTopic = new Map<string, OutboxRow[]>();
      for (const row of rows) if (!unheard.has(row.id)) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      for (const row of rows) if (row.type === 'job.created' && typeof row.payload.jobType === 'string') jobTypes.push(row.payload.jobType);
      const groupOf = new Map<string, string>();
      for (const [topic, topicRows] of byTopic) {
        await this.producer.queue(topic).addBulk(this.jobsOf(topic, topicRows, now, groupOf));
      }
      failpoint('after-enqueue-before-mark');
      // published_at is the relay's own bookkeeping on the database's wall clock (the recoveries compare it with now()).
      const ids = rows.map((r) => r.id);
      if (this.config.jobGroupSize > 1) {
        // each row names the group it travels in (the stranded-work sweep checks that group); a row
        // published alone loses the group an earlier publish gave it
        await manager.query(
          `UPDATE outbox o SET published_at = now(), payload = CASE
                WHEN g.group_id IS NOT NULL THEN o.payload || jsonb_build_object('queueGroupId', g.group_id)
                WHEN o.id = ANY($2::bigint[]) THEN o.payload || '{"unheard": true}'::jsonb
                WHEN o.payload ? 'queueGroupId' THEN o.payload - 'queueGroupId'
                ELSE o.payload END
            FROM unnest($1::bigint[], $3::text[]) AS g(id, group_id)
            WHERE o.id = g.id${region === undefined ? '' : ' AND o.region = $4'}`,
          [ids, [...unheard], ids.map((id) => groupOf.get(id) ?? null), ...(region === undefined ? [] : [region])],
        );
      } else if (unheard.size === 0) {
        await manager.query(
          `UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])${region === undefined ? '' : ' AND region = $2'}`,
          region === undefined ? [ids] : [ids, region],
        );
      } else {
        await manager.query(
          `UPDATE outbox SET published_at = now(), payload = CASE WHEN id = ANY($2::bigint[]) THEN payload || '{"unheard": true}'::jsonb ELSE payload END
            WHERE id = ANY($1::bigint[])${region === undefined ? '' : ' AND region = $3'}`,
          region === undefined ? [ids, [...unheard]] : [ids, [...unheard], region],
        );
      }
      outboxPublished.inc(rows.length);
      return rows.length;
    });
    await this.jobAvailability.announce(jobTypes);
    return relayed;
  }

  /**
   * The BullMQ jobs of one topic's rows of a batch: one per row, each under its own id (`outboxJobId` or the row's
   * `queueJobId`), delayed until `available_at`. With `TONGBAN_JOB_GROUP_SIZE` above 1, the job messages due now of
   * a `jobs.<type>` queue (of a type `TONGBAN_JOB_GROUP_TYPES` names, when set) travel in groups of up to that many
   * (`JobMessageGroup`, id `jobGroupId` of their job ids, noted in `groupOf` by row id); a group of one stays a lone
   * message.
   */
  private jobsOf(topic: string, rows: OutboxRow[], now: number, groupOf: Map<string, string>) {
    const delayOf = (row: OutboxRow) => Math.max(0, new Date(row.available_at).getTime() - now);
    const single = (row: OutboxRow) => ({
      name: row.type,
      data: this.messageOf(row),
      opts: { ...OUTBOX_JOB_OPTIONS, jobId: typeof row.payload.queueJobId === 'string' ? row.payload.queueJobId : outboxJobId(row.id), delay: delayOf(row) },
    });
    const size = this.config.jobGroupSize;
    if (size <= 1 || !this.grouped(topic)) return rows.map(single);
    const groupable = rows.filter((row) => row.type === 'job.created' && typeof row.payload.jobId === 'string' && delayOf(row) === 0);
    const inGroups = new Set(groupable);
    const jobs = rows.filter((row) => !inGroups.has(row)).map(single);
    for (let i = 0; i < groupable.length; i += size) {
      const members = groupable.slice(i, i + size);
      if (members.length === 1) {
        jobs.push(single(members[0]));
        continue;
      }
      const id = jobGroupId(members.map((row) => row.payload.jobId as string));
      for (const row of members) groupOf.set(row.id, id);
      jobs.push({ name: JOB_GROUP_NAME, data: { messages: members.map((row) => this.messageOf(row)) }, opts: { ...OUTBOX_JOB_OPTIONS, jobId: id, delay: 0 } });
    }
    return jobs;
  }

  /** Whether the job messages of a queue travel in groups: a `jobs.<type>` queue of a type `TONGBAN_JOB_GROUP_TYPES` names, or of any type. */
  private grouped(topic: string): boolean {
    if (!topic.startsWith('jobs.')) return false;
    this.groupedTopics ??= this.config.jobGroupTypes ? new Set(this.config.jobGroupTypes.map(jobTopic)) : undefined;
    return this.groupedTopics?.has(topic) ?? true;
  }

  /** What a row's job carries: its payload (less the group an earlier publish put it in), its id and region, its trace context. */
  private messageOf(row: OutboxRow): Record<string, unknown> {
    const { queueGroupId: _group, ...payload } = row.payload;
    return { ...payload, outboxId: row.id, outboxRegion: row.region, ...(row.trace_parent ? { traceparent: row.trace_parent } : {}) };
  }

  /** The ids of the batch's domain event rows no one is told about. */
  private async unheardEvents(manager: EntityManager, rows: OutboxRow[]): Promise<Set<string>> {
    const events = rows.filter((row) => row.topic === OutboxTopic.events && typeof row.payload.event === 'object' && row.payload.event !== null);
    if (events.length === 0) return new Set();
    const answers = await this.audiences.unheard(manager, events.map((row) => ({ event: row.payload.event as DomainEvent, region: row.region })));
    return new Set(events.filter((_, i) => answers[i]).map((row) => row.id));
  }


  private ring(): void {
    this.rung = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.rung = false;
      let published = 0;
      try {
        // the system's scope with no home region: the relay reads and marks rows of every region and writes none of its own, and
        // its connections carry the same scope as the results and other jobs that come with no region, so none is set again between them
        published = await regionContext.runAsSystem(() => this.relayBatch());
      } catch (error) {
        this.logger.warn(`outbox relay: ${(error as Error).message}`);
      }
      if (published < BATCH_SIZE && !this.rung && this.running) await this.sleep(POLL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
