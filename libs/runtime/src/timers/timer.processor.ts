import { Injectable } from '@nestjs/common';
import { failpoint } from '../failpoints/failpoint';
import { JobHandler } from '../queues/job-handler.decorator';
import { TimerService } from './timer.service';
import { TIMER_TOPIC } from './timer.topics';

/** Fires due timers taken from the delayed-job queue. */
@Injectable()
export class TimerProcessor {
  constructor(private readonly timers: TimerService) {}

  @JobHandler(TIMER_TOPIC)
  async due(payload: Record<string, unknown>): Promise<void> {
    await this.timers.fire({ timerId: String(payload.timerId), firing: Number(payload.firing) });
    failpoint('after-apply-before-ack');
  }
}
