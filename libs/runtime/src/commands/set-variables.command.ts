import { Injectable } from '@nestjs/common';
import { EngineError, type Variables } from '@tongban/engine';
import { DomainError, NotFoundError } from '@tongban/kernel';
import { CommandExecutor } from '../instances/command-executor';
import type { ProcessInstanceEntity } from '../instances/process-instance.entity';

/**
 * Set-variables command: an operator changes a running instance's variables (e.g. to fix the data a
 * gateway or an expression failed on).
 *
 * Refusals: 404 for a missing instance or scope (`scopeKey` naming no live element instance); 409
 * INSTANCE_NOT_ACTIVE once it has ended; 409 INSTANCE_SUSPENDED while suspended.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked;
 * 2. a `variables.updated` history row naming the variables (and the scope);
 * 3. the engine's `setVariables` merges them into the scope (the process scope, or the element
 *    instance `scopeKey`) and conditional events re-evaluate; open incidents stay open (resolving
 *    one retries its element with the new values);
 * 4. the effects' rows; the instance commit.
 */
@Injectable()
export class SetVariablesCommand {
  constructor(private readonly executor: CommandExecutor) {}

  async run(id: string, variables: Variables, scopeKey: string | undefined, actor: string | null): Promise<ProcessInstanceEntity> {
    try {
      return await this.executor.execute(id, { type: 'setVariables', variables, ...(scopeKey ? { scopeKey } : {}) }, {
        actor,
        prepare: async (_manager, _instance, history) => {
          history.record({ type: 'variables.updated', data: { names: Object.keys(variables), ...(scopeKey ? { scopeKey } : {}) } });
        },
      });
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INSTANCE_NOT_ACTIVE') throw new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
      if (error instanceof EngineError && error.code === 'WAIT_NOT_FOUND') throw new NotFoundError('Variable scope', String(scopeKey));
      throw error;
    }
  }
}
