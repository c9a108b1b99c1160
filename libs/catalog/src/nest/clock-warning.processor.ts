import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, JobHandler, QueueProducer, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { taskClocks } from '../persistence/task-clock.repository';
import { CLOCK_WARNING_TOPIC, clockWarningJobId, TaskClockService } from './task-clock.service';
import { requeueWarnings, SWEEP_BATCH, SWEEP_LOOKAHEAD_MS, sweepEveryMs } from './warning-sweep';

/**
 * Delivers the warnings of task clocks, and sweeps the clocks every 30 s (or at `TONGBAN_SWEEP_MS`):
 * 1. a job on the queue for every warning PostgreSQL says is scheduled and due within a minute: a
 *    warning whose job Redis lost (a FLUSHALL, a restart without persistence, a message older than
 *    the outbox's re-publish window) is added again under the same job id, and fires once;
 * 2. every running clock brought up to date with its task (ended with it, moved with a transfer): a
 *    safety net, since the command that ends or moves a task ends or moves its clock in its own
 *    transaction; a round that ends any clock says how many in a warning.
 */
@Injectable()
export class ClockWarningProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClockWarningProcessor.name);
  private interval?: NodeJS.Timeout;
  private round?: Promise<void>;
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
    this.interval = setInterval(() => void this.sweepAndReconcile(), this.everyMs);
    this.interval.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.interval);
  }

  /** One round of the clock sweep (none while the previous one still runs); a failing step is logged and tried again next round. */
  async sweepAndReconcile(): Promise<void> {
    if (this.round) return this.round;
    this.round = (async () => {
      await this.sweep().catch((error: Error) => this.logger.warn(`clock warning sweep: ${error.message}`));
      const ended = await this.clocks.reconcileRunning().catch((error: Error) => this.logger.warn(`task clock reconciliation: ${error.message}`));
      if (ended) this.logger.warn(`the clock sweep ended ${ended} task clock(s) whose tasks had ended without them`);
    })().finally(() => (this.round = undefined));
    return this.round;
  }

  /**
   * Puts the job of every scheduled warning due within the lookahead (of the given process
   * instances, or all) back on the queue when Redis has none; returns how many it added.
   */
  async sweep(instanceIds?: string[]): Promise<number> {
    const now = this.clock.now();
    const rows = await taskClocks.dueBy(this.dataSource.manager, new Date(now.getTime() + SWEEP_LOOKAHEAD_MS), SWEEP_BATCH, instanceIds);
    const added = await requeueWarnings(this.producer, CLOCK_WARNING_TOPIC, 'clock.warning', rows, (row) => clockWarningJobId(row.id, row.generation), now);
    if (added > 0) this.logger.warn(`re-queued ${added} clock warning(s) Redis did not hold`);
    return added;
  }
}
