import { Injectable } from '@nestjs/common';
import { EngineError } from '@tongban/engine';
import { CommandExecutor } from '../instances/command-executor';

/**
 * Continue-instance command: a worker takes up an asynchronous continuation (a commit point,
 * Camunda 7 asyncBefore / asyncAfter) from the continuation queue. Allowed while suspended (the
 * work was under way).
 *
 * ONE transaction (the instance command): the instance row read and locked; the engine's `continue`
 * at the continuation's key runs the element on to the next wait states; the effects' rows; the
 * instance commit. A redelivered continuation whose wait is already gone (WAIT_NOT_FOUND), or whose
 * instance has ended (INSTANCE_NOT_ACTIVE), is done: nothing is written and `run` returns false.
 */
@Injectable()
export class ContinueInstanceCommand {
  constructor(private readonly executor: CommandExecutor) {}

  async run(instanceId: string, key: string): Promise<boolean> {
    try {
      await this.executor.execute(instanceId, { type: 'continue', key }, { actor: null });
      return true;
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return false;
      throw error;
    }
  }
}
