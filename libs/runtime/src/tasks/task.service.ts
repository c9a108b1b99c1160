import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Variables } from '@tongban/engine';
import { caseScopeOf, ForbiddenError, isConfinedToDepartment, type Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { ClaimTaskCommand } from '../commands/claim-task.command';
import { CompleteTaskCommand } from '../commands/complete-task.command';
import { UnclaimTaskCommand } from '../commands/unclaim-task.command';
import { ReadReplica } from '../database/read-replica';
import type { Page } from '../definitions/definition.service';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from './task-access';
import type { TaskOpinion } from './task-decision';
import type { TaskState } from './task.entity';
import { taskViewOf, type TaskView } from './task.view';

export type { TaskView } from './task.view';
export { TASK_COUNT_BOUND } from '../persistence/task.repository';

export interface TaskFilter {
  processInstanceId?: string;
  department?: string;
  state?: TaskState;
  assignee?: string;
  /** The `next` of the previous page: the tasks after that one. */
  after?: string;
  order?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** A page of the inbox: `total` is exact up to TASK_COUNT_BOUND (`totalExact`); `next` is the cursor of the following page. */
export interface TaskPage extends Page<TaskView> {
  totalExact: boolean;
  next: string | null;
}

const EMPTY: TaskPage = { items: [], total: 0, totalExact: true, next: null };

/**
 * Department inboxes: lists and reads user tasks; claiming, unclaiming and completing are commands of their own.
 * The inbox reads the read replica (`ReadReplica`); a task read and every command read the primary.
 */
@Injectable()
export class TaskService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: ReadReplica,
    private readonly claimTask: ClaimTaskCommand,
    private readonly unclaimTask: UnclaimTaskCommand,
    private readonly completeTask: CompleteTaskCommand,
  ) {}

  /** A clerk sees the own department only: asking for another department is refused. */
  async list(filter: TaskFilter, actor: Actor): Promise<TaskPage> {
    let department = filter.department;
    if (isConfinedToDepartment(actor)) {
      if (department !== undefined && department !== actor.department) throw new ForbiddenError(`Tasks of department ${department} are not visible to ${actor.name}`);
      if (actor.department === null) return EMPTY;
      department = actor.department;
    }
    const scope = caseScopeOf(actor);
    if (scope.kind === 'none' || scope.kind === 'applicant') return EMPTY;
    const owner = scope.kind === 'owner' ? scope.owner : undefined;
    const { rows, total, totalExact, next } = await tasks.page(this.reads.manager, { ...filter, department, owner });
    return { items: rows.map(taskViewOf), total, totalExact, next };
  }

  async get(id: string, actor: Actor): Promise<TaskView> {
    return taskViewOf(taskAccess.visible(await tasks.read(this.dataSource.manager, id), id, actor));
  }

  /** `get` and the definition of the task's instance (null when out of the caller's sight), read in one statement. */
  async getWithDefinition(id: string, actor: Actor): Promise<{ task: TaskView; definitionId: string | null }> {
    const row = taskAccess.visible(await tasks.readWithDefinition(this.dataSource.manager, id), id, actor);
    return { task: taskViewOf(row), definitionId: row.definitionId };
  }

  /** See `ClaimTaskCommand`. */
  claim(id: string, actor: Actor): Promise<TaskView> {
    return this.claimTask.run(id, actor);
  }

  /** See `UnclaimTaskCommand`. */
  unclaim(id: string, actor: Actor): Promise<TaskView> {
    return this.unclaimTask.run(id, actor);
  }

  /** See `CompleteTaskCommand`. */
  complete(id: string, variables: Variables | undefined, actor: Actor, opinion?: TaskOpinion): Promise<TaskView> {
    return this.completeTask.run(id, variables, actor, opinion);
  }
}
