import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { IdempotentStartService } from '../idempotency/idempotent-start.service';
import { JobService } from '../jobs/job.service';
import { MessageService } from '../messages/message.service';
import { TimerService } from '../timers/timer.service';
import { RuntimeRetention } from '../retention/runtime-retention';
import { RedisLossRecovery } from './redis-loss.recovery';
import { StrandedWorkRecovery } from './stranded-work.recovery';

/* The sweep runs every `TONGBAN_SWEEP_MS` (default 1 s). Timer jobs are checked against Redis
 * every tenth sweep, at most every 5 s; retention cleanup runs every 10 minutes. */
const TIMER_QUEUE_SWEEP_MS = 5_000;
const CLEANUP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * The pace of this process' own loop, on a monotonic timer: how often it checks Redis or cleans
 * up is not the time of the cases (the services compare due times with the injected clock).
 */
function elapsedMs(): number {
  return performance.now();
}

/**
 * The worker's periodic repairs, each idempotent so that every worker may run them: work lost with
 * Redis' data is re-published from the outbox; work still pending in PostgreSQL whose BullMQ job
 * is missing or failed is re-published (every 5 s, with the timer check); timer start
 * events follow the latest versions; every scheduled timer due soon has its job on the queue
 * (Redis lost or flushed); jobs past their activation deadline are activatable again; expired
 * messages and idempotency keys are forgotten; published outbox rows and old history are trimmed (`RuntimeRetention`).
 */
@Injectable()
export class RuntimeSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RuntimeSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastCleanup = -Infinity;
  private lastTimerSweep = -Infinity;

  constructor(
    private readonly timers: TimerService,
    private readonly jobs: JobService,
    private readonly messages: MessageService,
    private readonly idempotency: IdempotentStartService,
    private readonly redisLoss: RedisLossRecovery,
    private readonly stranded: StrandedWorkRecovery,
    private readonly retention: RuntimeRetention,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
  ) {
    this.intervalMs = config.sweepMs;
  }

  private readonly intervalMs: number;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep; a sweep still running is not started twice. */
  tick(): Promise<void> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * A sweep with every repair, whatever their pace (after a test moved its clock): waits for a
   * sweep still running, then runs one that checks the timers' jobs and cleans up too.
   */
  async sweepNow(): Promise<void> {
    await this.running;
    this.lastTimerSweep = -Infinity;
    this.lastCleanup = -Infinity;
    await this.tick();
  }

  private async sweep(): Promise<void> {
    try {
      const rearmed = await this.redisLoss.check();
      if (rearmed > 0) this.lastTimerSweep = -Infinity;
      await this.timers.reconcileStartTimers();
      if (elapsedMs() - this.lastTimerSweep >= Math.max(this.intervalMs, Math.min(TIMER_QUEUE_SWEEP_MS, 10 * this.intervalMs))) {
        this.lastTimerSweep = elapsedMs();
        await this.timers.sweep();
        await this.stranded.sweep();
      }
      await this.jobs.releaseExpired();
      if (elapsedMs() - this.lastCleanup > CLEANUP_INTERVAL_MS) {
        this.lastCleanup = elapsedMs();
        await this.messages.cleanup();
        await this.idempotency.cleanup();
        await this.retention.trim();
      }
    } catch (error) {
      this.logger.warn(`sweep: ${(error as Error).message}`);
    }
  }
}
