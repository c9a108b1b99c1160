import { Injectable } from '@nestjs/common';
import { EngineError, type Variables } from '@tongban/engine';
import { NotFoundError } from '@tongban/kernel';
import { QueryFailedError } from 'typeorm';
import { DefinitionService } from '../definitions/definition.service';
import { CommandExecutor } from '../instances/command-executor';

/** What a parent's `call.started` outbox message carries. */
export interface CallStarted {
  parentId: string;
  parentElementKey: string;
  processKey: string;
  version?: number;
  variables?: Variables;
}

/**
 * Start-called-instance command: a call activity's child instance, from the parent's `call.started`.
 *
 * ONE transaction (the start): the engine runs the child to its first wait states; the child row
 * (its parent and the call activity's key), an `instance.started` history row and its effects' rows.
 * The child row is unique per (parent, call activity key), so a redelivered message starts no second
 * child. No definition to call: ONE transaction on the parent (the instance command) — the engine's
 * `failCall` raises an incident on the call activity, resolved by deploying the process and retrying.
 */
@Injectable()
export class StartCalledInstanceCommand {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
  ) {}

  async run(call: CallStarted): Promise<void> {
    const definition = await this.definitions.findForStart(call.processKey, call.version).catch(async (error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
      await this.failCall(call, error.message);
      return undefined;
    });
    if (!definition) return;
    try {
      await this.executor.start({ definition, variables: call.variables, actor: null, parent: { id: call.parentId, elementKey: call.parentElementKey } });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') return;
      throw error;
    }
  }

  private async failCall(call: CallStarted, message: string): Promise<void> {
    try {
      await this.executor.execute(call.parentId, { type: 'failCall', key: call.parentElementKey, errorMessage: message }, { actor: null });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      throw error;
    }
  }
}
