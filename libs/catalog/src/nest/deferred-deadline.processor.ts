import { Injectable } from '@nestjs/common';
import { JobHandler } from '@tongban/runtime';
import { DEFERRED_DEADLINE_TOPIC, MaterialFollowUpService } from './material-follow-up.service';

/** Delivers the deadlines of deferred (容缺) materials: a missed one opens its department's follow-up, once. */
@Injectable()
export class DeferredDeadlineProcessor {
  constructor(private readonly followUps: MaterialFollowUpService) {}

  @JobHandler(DEFERRED_DEADLINE_TOPIC)
  async handle(payload: Record<string, unknown>): Promise<void> {
    await this.followUps.deadlineReached({ applicationId: String(payload.applicationId), item: String(payload.item), material: String(payload.material) });
  }
}
