import { Injectable } from '@nestjs/common';
import type { Variables } from '@tongban/engine';
import type { TaskOpinion } from './task-decision';
import type { TaskView } from './task.view';

/**
 * A check another package makes before a task completion is written (e.g. a bundle's approval step
 * needs its decision). Throwing a domain error refuses the completion; nothing is written.
 */
export interface TaskCompletionGuard {
  checkCompletion(task: TaskView, variables: Variables | undefined, opinion: TaskOpinion): Promise<void>;
}

/** The task completion guards other packages registered (at module init), run in registration order. */
@Injectable()
export class TaskCompletionGuards {
  private readonly guards: TaskCompletionGuard[] = [];

  register(guard: TaskCompletionGuard): void {
    this.guards.push(guard);
  }

  async check(task: TaskView, variables: Variables | undefined, opinion: TaskOpinion): Promise<void> {
    for (const guard of this.guards) await guard.checkCompletion(task, variables, opinion);
  }
}
