import type { EntityManager } from 'typeorm';
import type { Variables } from '@tongban/engine';
import type { ProcessInstanceEntity } from '../instances/process-instance.entity';
import type { DomainEvent } from '../events/domain-event';
import { domainEventEntry } from '../events/domain-event-entry';
import type { CreatedTask } from '../tasks/task-creation.listener';
import type { EndedTask } from './task-lifecycle';

export interface PendingHistory {
  type: string;
  elementId?: string | null;
  elementKey?: string | null;
  data?: Record<string, unknown> | null;
  /** When it happened; the command's time when absent. */
  at?: Date;
  /** Who did it, when not the command's actor (a decision by rule). */
  actor?: string;
}

/** A user task row to insert, in the `task` table's column order of `commandRows.writeTasks`. */
export interface PendingTask {
  id: string;
  elementId: string;
  elementKey: string;
  name: string | null;
  department: string | null;
  candidateGroups: string[];
  assignee: string | null;
  variables: Record<string, unknown>;
}

export interface PendingOutbox {
  topic: string;
  type: string;
  payload: Record<string, unknown>;
  /** When the message may be delivered (timers); now when absent. */
  availableAt?: Date;
}

/**
 * Everything one command writes besides the instance row, gathered while its effects are applied
 * and flushed in the same transaction.
 */
export class CommandContext {
  readonly history: PendingHistory[] = [];
  /** Task rows not inserted yet: written together, before anything else reads or updates `task`. */
  readonly tasks: PendingTask[] = [];
  /** Every task the command created, for the task creation listeners once the rows are written. */
  readonly createdTasks: CreatedTask[] = [];
  readonly outbox: PendingOutbox[] = [];
  /** Every user task the command ended, for the task lifecycle listeners once its effects are applied. */
  readonly endedTasks: EndedTask[] = [];
  /** Set by `instance.ended`: the instance's final status and result. */
  ended?: { status: string; variables: Variables; error?: { code: string; message?: string } };

  constructor(
    readonly manager: EntityManager,
    readonly instance: Pick<ProcessInstanceEntity, 'id' | 'processKey' | 'definitionId' | 'parentId' | 'parentElementKey'>,
    readonly actor: string | null,
    readonly now: Date,
  ) {}

  record(entry: PendingHistory): void {
    this.history.push(entry);
  }

  publish(entry: PendingOutbox): void {
    this.outbox.push(entry);
  }

  /** A user task of the instance the command ended (its row written): its clock ends in this transaction. */
  taskEnded(task: { id: string; elementId: string; endedAt: Date }): void {
    this.endedTasks.push({ ...task, instanceId: this.instance.id, processKey: this.instance.processKey, definitionId: this.instance.definitionId });
  }

  /** A domain event, published through the outbox with the command's commit. */
  publishEvent(event: DomainEvent): void {
    this.publish(domainEventEntry(event));
  }
}
