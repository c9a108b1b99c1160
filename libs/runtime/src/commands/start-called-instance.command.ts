import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError, type Variables } from '@tongban/engine';
import { NotFoundError, RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { DataSource, QueryFailedError } from 'typeorm';
import { DefinitionService } from '../definitions/definition.service';
import { CommandExecutor } from '../instances/command-executor';
import { instances } from '../persistence/instance.repository';

/** What a parent's `call.started` outbox message carries. */
export interface CallStarted {
  parentId: string;
  parentElementKey: string;
  processKey: string;
  version?: number;
  variables?: Variables;
  /** The region of the parent's outbox row (the parent's, and so the child's); absent on a job the stranded-work recovery re-published. */
  outboxRegion?: string;
}

/**
 * Start-called-instance command: a call activity's child instance, from the parent's `call.started`.
 *
 * ONE transaction (the start): the engine runs the child to its first wait states; the child row
 * (its parent and the call activity's key), an `instance.started` history row and its effects' rows.
 * The child row is unique per (parent, call activity key), so a redelivered message starts no second
 * child. No definition to call: ONE transaction on the parent (the instance command) — the engine's
 * `failCall` raises an incident on the call activity, resolved by deploying the process and retrying.
 * A child that would nest deeper than `maxCallDepth` (a recursion through other processes) is not
 * started either: `failCall` raises a CALL_DEPTH_EXCEEDED incident on the call activity.
 */
@Injectable()
export class StartCalledInstanceCommand {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async run(call: CallStarted): Promise<void> {
    const region = typeof call.outboxRegion === 'string' ? call.outboxRegion : undefined;
    const depth = await instances.depthOf(this.dataSource.manager, call.parentId, this.config.maxCallDepth, region);
    if (depth >= this.config.maxCallDepth) {
      await this.failCall(call, `calling ${call.processKey} would nest more than ${this.config.maxCallDepth} called instances (TONGBAN_MAX_CALL_DEPTH)`, 'CALL_DEPTH_EXCEEDED');
      return;
    }
    const definition = await this.definitions.findForStart(call.processKey, call.version).catch(async (error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
      await this.failCall(call, error.message);
      return undefined;
    });
    if (!definition) return;
    try {
      await this.executor.start({ definition, variables: call.variables, actor: null, parent: { id: call.parentId, elementKey: call.parentElementKey, region } });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') return;
      throw error;
    }
  }

  private async failCall(call: CallStarted, message: string, incidentType?: 'CALL_DEPTH_EXCEEDED'): Promise<void> {
    try {
      await this.executor.execute(call.parentId, { type: 'failCall', key: call.parentElementKey, errorMessage: message, ...(incidentType && { incidentType }) }, { actor: null });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      throw error;
    }
  }
}
