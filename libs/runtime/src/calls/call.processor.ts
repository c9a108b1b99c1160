import { Injectable } from '@nestjs/common';
import { EngineError, type Variables } from '@tongban/engine';
import { QueryFailedError } from 'typeorm';
import { DefinitionService } from '../definitions/definition.service';
import { NotFoundError } from '@tongban/kernel';
import { CommandExecutor } from '../instances/command-executor';
import { OutboxTopic } from '../outbox/outbox.topics';
import { JobHandler, type JobInfo } from '../queues/job-handler.decorator';

interface CallStarted {
  parentId: string;
  parentElementKey: string;
  processKey: string;
  version?: number;
  variables?: Variables;
}

interface CallEnded {
  parentId: string;
  parentElementKey: string;
  status: string;
  variables?: Variables;
  error?: { code: string; message?: string };
}

interface CallEscalated {
  parentId: string;
  parentElementKey: string;
  code: string;
  variables?: Variables;
}

/** Call activities: starts the called child and hands its result back to the parent. */
@Injectable()
export class CallProcessor {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
  ) {}

  @JobHandler(OutboxTopic.calls)
  async handle(payload: Record<string, unknown>, job: JobInfo): Promise<void> {
    if (job.name === 'call.started') await this.startChild(payload as unknown as CallStarted);
    else if (job.name === 'call.ended') await this.reportToParent(payload as unknown as CallEnded);
    else if (job.name === 'call.escalated') await this.escalateToParent(payload as unknown as CallEscalated);
  }

  /**
   * Starts the child instance (its own start transaction). The child row is unique per
   * (parent, call activity key), so a redelivered job starts no second child.
   */
  private async startChild(call: CallStarted): Promise<void> {
    const definition = await this.definitions.findForStart(call.processKey, call.version).catch(async (error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
      await this.reportMissingProcess(call, error.message);
      return undefined;
    });
    if (!definition) return;
    try {
      await this.executor.start({
        definition,
        variables: call.variables,
        actor: null,
        parent: { id: call.parentId, elementKey: call.parentElementKey },
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') return;
      throw error;
    }
  }

  /** No definition to call: the parent's call activity gets an incident, resolved by deploying it and retrying. */
  private async reportMissingProcess(call: CallStarted, message: string): Promise<void> {
    try {
      await this.executor.execute(call.parentId, { type: 'failCall', key: call.parentElementKey, errorMessage: message }, { actor: null });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      throw error;
    }
  }

  /** An escalation the child did not catch is thrown again from the parent's call activity (uncaught there too, it is no incident). */
  private async escalateToParent(escalation: CallEscalated): Promise<void> {
    try {
      await this.executor.execute(escalation.parentId, { type: 'escalateCall', key: escalation.parentElementKey, escalationCode: escalation.code, variables: escalation.variables }, { actor: null });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      throw error;
    }
  }

  /** Completes the parent's call activity, or raises the child's uncaught error there. */
  private async reportToParent(result: CallEnded): Promise<void> {
    const key = result.parentElementKey;
    const command = result.error
      ? { type: 'throwError' as const, key, errorCode: result.error.code, errorMessage: result.error.message, variables: result.variables }
      : { type: 'completeCall' as const, key, variables: result.variables };
    if (!result.error && result.status !== 'completed') return;
    try {
      await this.executor.execute(result.parentId, command, { actor: null });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      throw error;
    }
  }
}
