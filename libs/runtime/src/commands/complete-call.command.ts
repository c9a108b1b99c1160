import { Injectable } from '@nestjs/common';
import { EngineError, type Command, type Variables } from '@tongban/engine';
import { CommandExecutor } from '../instances/command-executor';

/** What a child's `call.ended` outbox message carries. */
export interface CallEnded {
  parentId: string;
  parentElementKey: string;
  status: string;
  variables?: Variables;
  error?: { code: string; message?: string };
  /** Escalations the child threw (uncaught) in the command that ended it, in order. */
  escalations?: { code: string; variables?: Variables }[];
}

/** What a child's `call.escalated` outbox message carries. */
export interface CallEscalated {
  parentId: string;
  parentElementKey: string;
  code: string;
  variables?: Variables;
}

/**
 * Complete-call command: hands a called child's outcome back to the parent's call activity.
 *
 * ONE transaction on the parent (the instance command; allowed while the parent is suspended): the
 * instance row read and locked; the engine's `completeCall` with the child's variables (a completed
 * child), `throwError` with the child's uncaught error (caught by the parent's boundary or event
 * subprocess, else an incident), or `escalateCall` with an escalation the child did not catch (uncaught
 * there too, it is no incident); the effects' rows; the instance commit. Escalations the child threw
 * in the command that ended it ride on its end and are applied first, each in its own transaction,
 * so the parent's boundary sees them before the child's completion. A child cancelled or
 * terminated reports nothing. A redelivered outcome whose wait is gone, or whose parent has ended,
 * is done: nothing is written.
 */
@Injectable()
export class CompleteCallCommand {
  constructor(private readonly executor: CommandExecutor) {}

  async run(result: CallEnded): Promise<void> {
    const key = result.parentElementKey;
    for (const escalation of result.escalations ?? []) {
      await this.escalate({ parentId: result.parentId, parentElementKey: key, code: escalation.code, variables: escalation.variables });
    }
    if (!result.error && result.status !== 'completed') return;
    const command: Command = result.error
      ? { type: 'throwError', key, errorCode: result.error.code, errorMessage: result.error.message, variables: result.variables }
      : { type: 'completeCall', key, variables: result.variables };
    await this.apply(result.parentId, command);
  }

  async escalate(escalation: CallEscalated): Promise<void> {
    await this.apply(escalation.parentId, { type: 'escalateCall', key: escalation.parentElementKey, escalationCode: escalation.code, variables: escalation.variables });
  }

  private async apply(parentId: string, command: Command): Promise<void> {
    try {
      await this.executor.execute(parentId, command, { actor: null });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      throw error;
    }
  }
}
