import { Injectable } from '@nestjs/common';
import { EngineError, type Variables } from '@tongban/engine';
import { DomainError } from '@tongban/kernel';
import { CommandExecutor } from '../instances/command-executor';

export interface ElementTriggerResult {
  id: string;
  state: string;
}

/** Triggers a plain wait state (a Camunda 7 receive task without a message), as Camunda 7's `signal` does. */
@Injectable()
export class ElementTriggerService {
  constructor(private readonly executor: CommandExecutor) {}

  /**
   * Trigger-element command. ONE transaction: the engine's `triggerElement` moves the earliest
   * element instance waiting at `elementId` on, merging the variables into the instance as a task
   * completion does; the history, tasks, jobs and outbox rows of what follows are written with it.
   * 404 for an unknown instance; 409 ELEMENT_NOT_WAITING when nothing waits there, and
   * INSTANCE_NOT_ACTIVE / INSTANCE_SUSPENDED as for every instance command.
   */
  async trigger(id: string, elementId: string, variables: Variables | undefined, actor: string | null): Promise<ElementTriggerResult> {
    try {
      const instance = await this.executor.execute(id, { type: 'triggerElement', elementId, ...(variables ? { variables } : {}) }, { actor });
      return { id, state: instance.state };
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INSTANCE_NOT_ACTIVE') throw new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
      if (error instanceof EngineError && error.code === 'WAIT_NOT_FOUND') {
        throw new DomainError('ELEMENT_NOT_WAITING', `Nothing in process instance ${id} waits at "${elementId}" for a trigger`, { instanceId: id, elementId });
      }
      throw error;
    }
  }
}
