import { Injectable } from '@nestjs/common';
import { EngineError } from '@tongban/engine';
import { failpoint } from '../failpoints/failpoint';
import { CommandExecutor } from '../instances/command-executor';
import { OutboxTopic } from '../outbox/outbox.topics';
import { JobHandler } from '../queues/job-handler.decorator';

/** Takes up asynchronous continuations (commit points) on a worker. */
@Injectable()
export class ContinuationProcessor {
  constructor(private readonly executor: CommandExecutor) {}

  /**
   * Applies `continue` to the instance in its own transaction. A redelivered continuation whose
   * wait is already gone (WAIT_NOT_FOUND), or whose instance has ended (INSTANCE_NOT_ACTIVE: the
   * engine's status is only ever `active` or ended), is done: nothing is written and the job
   * completes instead of failing.
   */
  @JobHandler(OutboxTopic.continuation)
  async continue(payload: Record<string, unknown>): Promise<void> {
    try {
      await this.executor.execute(String(payload.instanceId), { type: 'continue', key: String(payload.key) }, { actor: null });
      failpoint('after-apply-before-ack');
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      throw error;
    }
  }
}
