import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addMetricsSampler, RUNTIME_CONFIG, type RuntimeConfig, type SampledGauges } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { QueueProducer } from '../queues/queue-producer';
import { QueueTopics } from '../queues/queue-topics';

/** Queue states whose job counts are reported. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Samples the runtime's stored state for `/metrics`: unpublished outbox rows and the relay's lag,
 * BullMQ job counts and the age of the oldest waiting job of every queue (the internal topics and
 * every `jobs.<type>` queue the outbox published to in the last day), timers due vs scheduled, open
 * incidents, and open tasks by department. A handful of indexed queries per scrape, nothing on the
 * request path.
 */
@Injectable()
export class RuntimeMetricsSampler implements OnModuleInit, OnModuleDestroy {
  private remove?: () => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly producer: QueueProducer,
    private readonly topics: QueueTopics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.remove = addMetricsSampler((gauges) => this.sample(gauges));
  }

  onModuleDestroy(): void {
    this.remove?.();
  }

  async sample(gauges: SampledGauges): Promise<void> {
    await Promise.all([this.sampleOutbox(gauges), this.sampleQueues(gauges), this.sampleTimers(gauges), this.sampleIncidents(gauges), this.sampleTasks(gauges)]);
  }

  private async sampleOutbox(gauges: SampledGauges): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending,
              coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE available_at <= now())), 0)::float AS lag
         FROM outbox WHERE queue_prefix = $1 AND published_at IS NULL`,
      [this.config.queuePrefix],
    )) as Array<{ pending: number; lag: number }>;
    gauges.outboxPending.set(row.pending);
    gauges.outboxLag.set(Math.max(0, row.lag));
  }

  private async sampleQueues(gauges: SampledGauges): Promise<void> {
    const topics = await this.topics.list();
    const now = this.clock.now().getTime();
    gauges.queueJobs.reset();
    gauges.queueOldestJobAge.reset();
    await Promise.all(topics.map(async (topic) => {
      const queue = this.producer.queue(topic);
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) gauges.queueJobs.set({ queue: topic, state }, counts[state] ?? 0);
      const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
      gauges.queueOldestJobAge.set({ queue: topic }, oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0);
    }));
  }

  private async sampleTimers(gauges: SampledGauges): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS scheduled, count(*) FILTER (WHERE due_at <= $1)::int AS due FROM timer WHERE state = 'scheduled'`,
      [this.clock.now()],
    )) as Array<{ scheduled: number; due: number }>;
    gauges.timersScheduled.set(row.scheduled);
    gauges.timersDue.set(row.due);
  }

  private async sampleIncidents(gauges: SampledGauges): Promise<void> {
    const rows = (await this.dataSource.query(`SELECT type, count(*)::int AS open FROM incident WHERE state = 'open' GROUP BY type`)) as Array<{ type: string; open: number }>;
    gauges.incidentsOpen.reset();
    for (const row of rows) gauges.incidentsOpen.set({ type: row.type }, row.open);
  }

  private async sampleTasks(gauges: SampledGauges): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT coalesce(department, '') AS department, count(*)::int AS open FROM task WHERE ended_at IS NULL GROUP BY 1`,
    )) as Array<{ department: string; open: number }>;
    gauges.tasksOpen.reset();
    for (const row of rows) gauges.tasksOpen.set({ department: row.department }, row.open);
  }
}
