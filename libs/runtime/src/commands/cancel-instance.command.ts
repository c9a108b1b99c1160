import { Injectable } from '@nestjs/common';
import { EngineError } from '@tongban/engine';
import { DomainError, NotFoundError } from '@tongban/kernel';
import { CommandExecutor } from '../instances/command-executor';
import type { ProcessInstanceEntity } from '../instances/process-instance.entity';
import { instances } from '../persistence/instance.repository';

/** 409 INSTANCE_NOT_ACTIVE: the instance has ended. */
function notActive(id: string): DomainError {
  return new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
}

/**
 * Cancel-instance command: an operator (or a cancelled parent, through the outbox) withdraws a
 * running instance. Allowed while suspended.
 *
 * Refusals: 404 for a missing instance; 409 INSTANCE_NOT_ACTIVE once it has ended.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked;
 * 2. a suspended instance is resumed in the same transaction (a cancelled instance is not suspended),
 *    and an `instance.cancelled` history row with the actor;
 * 3. the engine's `cancel` withdraws every wait — open tasks (completing one afterwards → 409), jobs,
 *    timers, message and signal subscriptions — and each call activity's child is cancelled in turn
 *    through the outbox (`call.cancelled`);
 * 4. the effects' rows; the instance commit.
 */
@Injectable()
export class CancelInstanceCommand {
  constructor(private readonly executor: CommandExecutor) {}

  async run(id: string, actor: string | null): Promise<ProcessInstanceEntity> {
    try {
      return await this.executor.execute(id, { type: 'cancel' }, {
        actor,
        prepare: async (manager, instance, history) => {
          if (instance.suspended) await instances.clearSuspension(manager, id);
          history.record({ type: 'instance.cancelled' });
        },
      });
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INSTANCE_NOT_ACTIVE') throw notActive(id);
      throw error;
    }
  }

  /** Cancels an instance a parent's cancellation reached; an instance already ended or gone is left alone. */
  async runForParent(id: string): Promise<void> {
    try {
      await this.run(id, null);
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'INSTANCE_NOT_ACTIVE' || error instanceof NotFoundError)) return;
      throw error;
    }
  }
}
