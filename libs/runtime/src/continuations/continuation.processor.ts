import { Injectable } from '@nestjs/common';
import { ContinueInstanceCommand } from '../commands/continue-instance.command';
import { failpoint } from '../failpoints/failpoint';
import { OutboxTopic } from '../outbox/outbox.topics';
import { JobHandler } from '../queues/job-handler.decorator';

/** Takes up asynchronous continuations (commit points) on a worker: see `ContinueInstanceCommand`. */
@Injectable()
export class ContinuationProcessor {
  constructor(private readonly continueInstance: ContinueInstanceCommand) {}

  @JobHandler(OutboxTopic.continuation)
  async continue(payload: Record<string, unknown>): Promise<void> {
    if (await this.continueInstance.run(String(payload.instanceId), String(payload.key))) failpoint('after-apply-before-ack');
  }
}
