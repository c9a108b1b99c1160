import { Injectable } from '@nestjs/common';
import type { Variables } from '@tongban/engine';
import type { TaskOpinion } from './task-decision';
import type { TaskView } from './task.view';

/**
 * A check another package makes before a task completion is written (e.g. a bundle's approval step
 * needs its decision). It runs inside the completion's transaction, with the instance locked: it
 * should read nothing the context gives it. Throwing a domain error refuses the completion; nothing
 * is written.
 */
export interface TaskCompletionGuard {
  checkCompletion(task: TaskView, variables: Variables | undefined, opinion: TaskOpinion, context: TaskCompletionContext): Promise<void>;
}

/**
 * What the completing command already holds: the definition of the task's instance, read with the
 * instance under its lock (a guard needs not read it again on a connection of its own).
 */
export interface TaskCompletionContext {
  definitionId: string;
}

/** The task completion guards other packages registered (at module init), run in registration order. */
@Injectable()
export class TaskCompletionGuards {
  private readonly guards: TaskCompletionGuard[] = [];

  register(guard: TaskCompletionGuard): void {
    this.guards.push(guard);
  }

  async check(task: TaskView, variables: Variables | undefined, opinion: TaskOpinion, context: TaskCompletionContext): Promise<void> {
    for (const guard of this.guards) await guard.checkCompletion(task, variables, opinion, context);
  }
}
