import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Variables } from '@tongban/engine';
import { DomainError, TaskCompletionGuards, type TaskCompletionContext, type TaskCompletionGuard, type TaskOpinion, type TaskView } from '@tongban/runtime';
import { StepViewService } from './step-view.service';

/** The variables of a case that only the application itself sets: its id, the applicant and the merged form. */
export const SYSTEM_OWNED_VARIABLES = ['applicationId', 'applicant', 'form'] as const;

/**
 * Registers with the runtime that completing a step of a bundle case never writes the case's
 * system-owned variables (`SYSTEM_OWNED_VARIABLES`): a clerk was not given them. A step with output
 * mappings keeps what its completion sends in the task's own scope, so only its outputs reach the case.
 * 403 naming the variable.
 */
@Injectable()
export class CaseVariablesGuard implements TaskCompletionGuard, OnModuleInit {
  constructor(
    private readonly guards: TaskCompletionGuards,
    private readonly steps: StepViewService,
  ) {}

  onModuleInit(): void {
    this.guards.register(this);
  }

  async checkCompletion(task: TaskView, variables: Variables | undefined, _opinion: TaskOpinion, context: TaskCompletionContext): Promise<void> {
    const written = SYSTEM_OWNED_VARIABLES.filter((name) => variables && name in variables);
    if (written.length === 0) return;
    const element = await this.steps.stepElement({ ...task, definitionId: context.definitionId });
    if (!element || (element.outputs?.length ?? 0) > 0) return;
    throw new DomainError('FORBIDDEN', `variables.${written[0]} belongs to the application; completing step ${task.elementId} cannot write it`, { field: `variables.${written[0]}`, variables: written });
  }
}
