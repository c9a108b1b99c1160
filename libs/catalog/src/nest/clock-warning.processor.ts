import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, JobHandler, OUTBOX_JOB_OPTIONS, QueueProducer, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { taskClocks } from '../persistence/task-clock.repository';
import { CLOCK_WARNING_TOPIC, clockWarningJobId, TaskClockService } from './task-clock.service';

/**
 * How often the sweep puts scheduled warnings back on the queue: every 30 s, or at the runtime's
 * sweep pace (`TONGBAN_SWEEP_MS`) when that is slower (an app on a test clock sweeps when its test says).
 */
function sweepEveryMs(): number {
  const value = Number(process.env.TONGBAN_SWEEP_MS);
  return Math.max(30_000, Number.isFinite(value) ? value : 0);
}
const SWEEP_LOOKAHEAD_MS = 60_000;
const SWEEP_BATCH = 1_000;

/**
 * Delivers the warnings of task clocks, and keeps a job on the queue for every warning PostgreSQL
 * says is scheduled and due within a minute: a warning whose job Redis lost (a FLUSHALL, a restart
 * without persistence, a message older than the outbox's re-publish window) is added again under the
 * same job id, and fires once.
 */
@Injectable()
export class ClockWarningProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClockWarningProcessor.name);
  private interval?: NodeJS.Timeout;
  private readonly everyMs = sweepEveryMs();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clocks: TaskClockService,
    private readonly producer: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @JobHandler(CLOCK_WARNING_TOPIC)
  async handle(payload: Record<string, unknown>): Promise<void> {
    await this.clocks.fire(String(payload.warningId), Number(payload.generation));
  }

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => void this.sweep().catch((error: Error) => this.logger.warn(`clock warning sweep: ${error.message}`)), this.everyMs);
    this.interval.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.interval);
  }

  /**
   * Puts the job of every scheduled warning due within the lookahead (of the given process
   * instances, or all) back on the queue when Redis has none; returns how many it added.
   */
  async sweep(instanceIds?: string[]): Promise<number> {
    const now = this.clock.now();
    const rows = await taskClocks.dueBy(this.dataSource.manager, new Date(now.getTime() + SWEEP_LOOKAHEAD_MS), SWEEP_BATCH, instanceIds);
    const queue = this.producer.queue(CLOCK_WARNING_TOPIC);
    let added = 0;
    for (const row of rows) {
      const jobId = clockWarningJobId(row.id, row.generation);
      const delay = Math.max(0, new Date(row.due_at!).getTime() - now.getTime());
      const existing = await queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        if (state === 'delayed' && delay === 0) await existing.promote().catch(() => undefined);
        if (state !== 'completed' && state !== 'failed') continue;
        await existing.remove().catch(() => undefined);
      }
      // a job put back here, not through the outbox, carries its row's region as an outbox job would
      await queue.add('clock.warning', { warningId: row.id, generation: row.generation, ...(row.region ? { outboxRegion: row.region } : {}) }, { ...OUTBOX_JOB_OPTIONS, jobId, delay });
      added++;
    }
    if (added > 0) this.logger.warn(`re-queued ${added} clock warning(s) Redis did not hold`);
    return added;
  }
}
