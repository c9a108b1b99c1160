import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError } from '@tongban/engine';
import type { DataSource } from 'typeorm';
import { timersFired } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { CommandExecutor, InstanceSuspendedError } from '../instances/command-executor';
import { timers, type TimerRow } from '../persistence/timer.repository';
import { TimerQueue } from '../timers/timer-queue';
import type { TimerDue } from '../timers/timer.topics';

/** Why a due job fires nothing: the timer is gone, fired already for this firing, or not due yet. */
class TimerNotDue extends Error {}

/**
 * A due job that arrives this early (another process' clock) waits for the due time; one that
 * arrives earlier still is left to the sweeper, which queues the firing again.
 */
const EARLY_WAIT_MS = 2_000;

/**
 * Fire-timer command: one firing of a timer, from its due job on the timers queue.
 *
 * Nothing is written when the timer is gone, is no longer scheduled, is at another firing, or is
 * not due by the clock (a job that arrives up to EARLY_WAIT_MS early waits for the due time).
 * An instance's timer — ONE transaction (the instance command): the instance row read and locked (a
 * suspended instance keeps its timer scheduled until it is resumed); `UPDATE timer SET state =
 * 'fired', fired_count = fired_count + 1 WHERE id AND state = 'scheduled' AND fired_count = firing
 * AND due_at <= now` — no row: this firing happened already, and nothing is written; the engine's
 * `triggerTimer` (a cycle's next firing comes back as `timer.scheduled` on the same row); the
 * effects' rows; the instance commit. A timer whose wait is gone is cancelled.
 * A start event's timer — ONE transaction (the start): the row moved on to its next cycle (or
 * fired) under the same guard, then a new instance from the start event; after commit, the next
 * cycle's due job is queued.
 */
@Injectable()
export class FireTimerCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly queue: TimerQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(due: TimerDue): Promise<void> {
    const timer = await timers.read(this.dataSource.manager, due.timerId);
    if (!timer || timer.state !== 'scheduled' || timer.fired_count !== due.firing) return;
    const early = new Date(timer.due_at).getTime() - this.clock.now().getTime();
    if (early > EARLY_WAIT_MS) return;
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    try {
      if (timer.instance_id) await this.fireInstanceTimer(timer, timer.instance_id);
      else await this.fireStartTimer(timer);
      timersFired.inc();
    } catch (error) {
      if (error instanceof TimerNotDue || error instanceof InstanceSuspendedError) return;
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE' || error.code === 'WAIT_KIND_MISMATCH')) {
        await timers.cancelFiring(this.dataSource.manager, timer, this.clock.now());
        return;
      }
      throw error;
    }
  }

  private async fireInstanceTimer(timer: TimerRow, instanceId: string): Promise<void> {
    await this.executor.execute(instanceId, { type: 'triggerTimer', key: timer.element_key as string }, {
      actor: null,
      region: timer.region,
      prepare: async (manager) => {
        if (!(await timers.markFired(manager, timer, this.clock.now()))) throw new TimerNotDue();
      },
    });
  }

  private async fireStartTimer(timer: TimerRow): Promise<void> {
    const definition = await timers.definitionOf(this.dataSource.manager, timer);
    if (!definition) return;
    const cycles = timer.interval_ms !== null && timer.repetitions_left !== null && timer.repetitions_left !== 0;
    let next: TimerRow | undefined;
    await this.executor.start({
      definition,
      actor: null,
      startEventId: timer.element_id,
      prepare: async (manager) => {
        next = await timers.advanceStartTimer(manager, timer, cycles, this.clock.now());
        if (!next) throw new TimerNotDue();
      },
    });
    if (next && next.state === 'scheduled') await this.queue.enqueue(next);
  }
}
