import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Variables } from '@tongban/engine';
import { TaskCompletionGuards, type TaskCompletionContext, type TaskCompletionGuard, type TaskOpinion, type TaskView } from '@tongban/runtime';
import { StepViewService } from './step-view.service';

/** Registers with the runtime that completing a bundle's approval step needs its decision (`approved`). */
@Injectable()
export class ApprovalDecisionGuard implements TaskCompletionGuard, OnModuleInit {
  constructor(
    private readonly guards: TaskCompletionGuards,
    private readonly steps: StepViewService,
  ) {}

  onModuleInit(): void {
    this.guards.register(this);
  }

  checkCompletion(task: TaskView, variables: Variables | undefined, opinion: TaskOpinion, context: TaskCompletionContext): Promise<void> {
    return this.steps.requireDecision({ ...task, definitionId: context.definitionId }, variables, opinion.decision);
  }
}
