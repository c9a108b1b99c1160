import { Inject, Injectable } from '@nestjs/common';
import { EngineError, engine, type Variables } from '@tongban/engine';
import { DomainError, NotFoundError } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { CommandExecutor } from '../instances/command-executor';

export interface InstanceVariablesResult {
  id: string;
  state: string;
  variables: Variables;
}

/** Operator change of a running instance's variables (e.g. to fix the data a gateway or expression failed on). */
@Injectable()
export class InstanceVariablesService {
  constructor(private readonly executor: CommandExecutor, @Inject(CLOCK) private readonly clock: Clock) {}

  /**
   * Set-variables command. ONE transaction: the engine's `setVariables` merges the given variables
   * into the scope (the process scope, or the element instance `scopeKey`), conditional events
   * re-evaluate, and a `variables.updated` history row names the variables. Open incidents stay
   * open: resolving one retries its element with the new values.
   */
  async set(id: string, variables: Variables, scopeKey: string | undefined, actor: string | null): Promise<InstanceVariablesResult> {
    try {
      const instance = await this.executor.execute(id, { type: 'setVariables', variables, ...(scopeKey ? { scopeKey } : {}) }, {
        actor,
        prepare: async (manager) => {
          await manager.query(
            `INSERT INTO history_event (instance_id, type, at, actor, data) VALUES ($1, 'variables.updated', $4, $2, $3)`,
            [id, actor, JSON.stringify({ names: Object.keys(variables), ...(scopeKey ? { scopeKey } : {}) }), this.clock.now()],
          );
        },
      });
      return { id, state: instance.state, variables: engine.rootVariables(instance.engineState) };
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INSTANCE_NOT_ACTIVE') throw new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
      if (error instanceof EngineError && error.code === 'WAIT_NOT_FOUND') throw new NotFoundError('Variable scope', String(scopeKey));
      throw error;
    }
  }
}
