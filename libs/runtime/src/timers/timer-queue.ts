import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { OUTBOX_JOB_OPTIONS } from '../outbox/outbox-relay';
import { QueueProducer } from '../queues/queue-producer';
import type { TimerRow } from '../persistence/timer.repository';
import { TIMER_TOPIC, timerJobId, type TimerDue } from './timer.topics';

/** The timers' delayed-job queue: one due job per firing of each scheduled timer. */
@Injectable()
export class TimerQueue {
  constructor(
    private readonly producer: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Puts the due job of the timer's current firing on the queue, delayed until the due time by the
   * clock; an existing job of that firing is kept, and promoted when it is still delayed although
   * the clock has reached the due time (a clock that runs ahead of Redis' time).
   */
  async enqueue(timer: Pick<TimerRow, 'id' | 'fired_count' | 'due_at'>): Promise<void> {
    const queue = this.producer.queue(TIMER_TOPIC);
    const jobId = timerJobId(timer.id, timer.fired_count);
    const delay = Math.max(0, new Date(timer.due_at).getTime() - this.clock.now().getTime());
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed' && delay === 0) await existing.promote().catch(() => undefined);
      if (state !== 'completed' && state !== 'failed') return;
      await existing.remove().catch(() => undefined);
    }
    const due: TimerDue = { timerId: timer.id, firing: timer.fired_count };
    await queue.add('timer.due', due, { ...OUTBOX_JOB_OPTIONS, jobId, delay });
  }
}
