import { Injectable } from '@nestjs/common';
import { EngineError } from '@tongban/engine';
import { CommandExecutor } from '../instances/command-executor';
import { OutboxTopic } from '../outbox/outbox.topics';
import { JobHandler } from '../queues/job-handler.decorator';

/** Takes up asynchronous continuations (commit points) on a worker. */
@Injectable()
export class ContinuationProcessor {
  constructor(private readonly executor: CommandExecutor) {}

  /**
   * Applies `continue` to the instance in its own transaction. A redelivered continuation whose
   * wait is already gone is done: the engine reports WAIT_NOT_FOUND and nothing is written.
   */
  @JobHandler(OutboxTopic.continuation)
  async continue(payload: Record<string, unknown>): Promise<void> {
    try {
      await this.executor.execute(String(payload.instanceId), { type: 'continue', key: String(payload.key) }, { actor: null });
    } catch (error) {
      if (error instanceof EngineError && error.code === 'WAIT_NOT_FOUND') return;
      throw error;
    }
  }
}
