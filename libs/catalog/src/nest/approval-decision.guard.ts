import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Variables } from '@tongban/engine';
import { TaskCompletionGuards, type TaskCompletionGuard, type TaskOpinion, type TaskView } from '@tongban/runtime';
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

  checkCompletion(task: TaskView, variables: Variables | undefined, opinion: TaskOpinion): Promise<void> {
    return this.steps.requireDecision(task, variables, opinion.decision);
  }
}
