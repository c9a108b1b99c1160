import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A user task a command created, with the clock its model declares. */
export interface CreatedTask {
  id: string;
  instanceId: string;
  processKey: string;
  elementId: string;
  department: string | null;
  createdAt: Date;
  /**
   * The task's instance was started by the command that created the task, in its transaction: the
   * instance has no rows but those this transaction wrote (the start's `prepare` and effects).
   */
  instanceStarted?: boolean;
  /** `zeebe:taskSchedule` instants (ISO 8601) and the step's `tongban:` time limit and item, as the engine gave them. */
  schedule?: { dueDate?: string; followUpDate?: string; timeLimitDays?: number; timeLimitHours?: number; timeLimitUnit?: 'working' | 'calendar'; item?: string };
}

/**
 * A package's work that must happen exactly when user tasks are created (e.g. starting their time
 * limit clocks): it runs inside the creating command's transaction, after the task rows are
 * inserted; throwing refuses the command and everything rolls back.
 */
export interface TaskCreationListener {
  onTasksCreated(manager: EntityManager, tasks: CreatedTask[]): Promise<void>;
}

/** The task creation listeners other packages registered (at module init). */
@Injectable()
export class TaskCreationListeners {
  private readonly listeners: TaskCreationListener[] = [];

  register(listener: TaskCreationListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async notify(manager: EntityManager, tasks: CreatedTask[]): Promise<void> {
    if (tasks.length === 0) return;
    for (const listener of this.listeners) await listener.onTasksCreated(manager, tasks);
  }
}
