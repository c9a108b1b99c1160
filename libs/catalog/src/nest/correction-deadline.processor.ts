import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, EndUnansweredCorrectionCommand, JobHandler, type Clock, type ScheduledMessage } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { corrections } from '../persistence/correction.repository';

/** The queue the deadlines of correction requests are delivered on (delayed until the deadline). */
export const CORRECTION_DEADLINE_TOPIC = 'catalog.correction-deadline';

/** The durable message of a correction request's deadline, due just after it (now, when that has passed). */
export function correctionDeadlineMessage(correctionId: string, deadlineAt: Date, now: Date): ScheduledMessage {
  return { topic: CORRECTION_DEADLINE_TOPIC, type: 'correction.deadline', payload: { correctionId }, at: new Date(Math.max(deadlineAt.getTime() + 1, now.getTime())), now };
}

/** The actor recorded when a deadline ends a step. */
export const CORRECTION_DEADLINE_ACTOR = 'system:correction-deadline';

/** The opinion recorded on a step ended because its correction request went unanswered. */
export const UNANSWERED_NOTICE = '补正期限届满，申请人未补正，本事项终止办理。';

/** Thrown when a deadline message arrives before the deadline by the clock: the queue retries it. */
class DeadlineNotYetDue extends Error {}

/**
 * The deadline of a correction request (补正期限): a durable message scheduled with the request,
 * delivered when the deadline has passed. An unanswered request ends its step `terminated` (the
 * applicant view shows the notice, the case's outcome counts it); an answered or already expired
 * one ends nothing, so a repeated delivery acts once.
 */
@Injectable()
export class CorrectionDeadlineProcessor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly endUnanswered: EndUnansweredCorrectionCommand,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @JobHandler(CORRECTION_DEADLINE_TOPIC)
  async handle(payload: Record<string, unknown>): Promise<void> {
    const row = await corrections.find(this.dataSource.manager, String(payload.correctionId));
    // a deadline not counted has no message: one is scheduled when its year's calendar is entered
    if (!row || row.state !== 'open' || !row.deadlineAt) return;
    if (this.clock.now().getTime() <= new Date(row.deadlineAt).getTime()) throw new DeadlineNotYetDue(`Correction ${row.id} is due at ${new Date(row.deadlineAt).toISOString()}`);
    const ended = await this.endUnanswered.run(row.taskId, CORRECTION_DEADLINE_ACTOR, UNANSWERED_NOTICE, async (manager, now) => {
      if (!(await corrections.expire(manager, row.id))) return false;
      await corrections.resumeClock(manager, { applicationId: row.applicationId, item: row.item, kind: 'correction', at: now });
      return true;
    });
    if (!ended) {
      await this.dataSource.transaction(async (manager) => {
        if (await corrections.expire(manager, row.id)) await corrections.resumeClock(manager, { applicationId: row.applicationId, item: row.item, kind: 'correction', at: this.clock.now() });
      });
    }
  }
}
