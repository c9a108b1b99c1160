import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A user task a command ended (completed, cancelled), as the command's instance knows it. */
export interface EndedTask {
  id: string;
  instanceId: string;
  processKey: string;
  /** The definition the instance runs after the command (a migration's target). */
  definitionId: string;
  elementId: string;
  /** The task row's `ended_at`. */
  endedAt: Date;
}

/** A user task a command moved to another department's queue (转办). */
export interface MovedTask {
  id: string;
  instanceId: string;
  department: string | null;
}

/**
 * A package's work that must happen in the transaction that ends or moves user tasks (e.g. stopping
 * their time limit clocks): it runs inside the command's transaction, after the task rows are
 * written, with every task the command ended at once; throwing refuses the command and everything
 * rolls back. It should send nothing for tasks it has no rows of.
 */
export interface TaskLifecycleListener {
  onTasksEnded(manager: EntityManager, tasks: readonly EndedTask[]): Promise<void>;
  onTasksMoved(manager: EntityManager, tasks: readonly MovedTask[]): Promise<void>;
}

/**
 * The task lifecycle listeners other packages registered (at module init). The effect appliers tell
 * them the tasks a command ended, once per command (its completion, its `task.cancelled` effects);
 * the transfer command the tasks it moved.
 */
@Injectable()
export class TaskLifecycle {
  private readonly listeners: TaskLifecycleListener[] = [];

  register(listener: TaskLifecycleListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async ended(manager: EntityManager, tasks: readonly EndedTask[]): Promise<void> {
    if (tasks.length === 0) return;
    for (const listener of this.listeners) await listener.onTasksEnded(manager, tasks);
  }

  async moved(manager: EntityManager, tasks: readonly MovedTask[]): Promise<void> {
    if (tasks.length === 0) return;
    for (const listener of this.listeners) await listener.onTasksMoved(manager, tasks);
  }
}
