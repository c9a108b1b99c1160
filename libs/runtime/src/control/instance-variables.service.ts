import { Injectable } from '@nestjs/common';
import { engine, type Variables } from '@tongban/engine';
import { SetVariablesCommand } from '../commands/set-variables.command';

export interface InstanceVariablesResult {
  id: string;
  state: string;
  variables: Variables;
}

/** Operator change of a running instance's variables (e.g. to fix the data a gateway or expression failed on). */
@Injectable()
export class InstanceVariablesService {
  constructor(private readonly setVariables: SetVariablesCommand) {}

  /** See `SetVariablesCommand`. */
  async set(id: string, variables: Variables, scopeKey: string | undefined, actor: string | null): Promise<InstanceVariablesResult> {
    const instance = await this.setVariables.run(id, variables, scopeKey, actor);
    return { id, state: instance.state, variables: engine.rootVariables(instance.engineState) };
  }
}
