import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Command, Variables } from '@tongban/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, isConfinedToDepartment, mayWorkOn, type Actor } from '../access/actor';
import { returnedRows } from '../control/returned-rows.util';
import { DefinitionService, type Page } from '../definitions/definition.service';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '../errors/domain.error';
import { insertRows } from '../database/insert-rows';
import { HistoryEventEntity } from '../history/history-event.entity';
import type { PendingHistory } from '../effects/command-context';
import { CommandExecutor } from '../instances/command-executor';
import { decideCompletion, type DecidedCompletion, type TaskOpinion } from './task-decision';
import { TaskEntity, type TaskState } from './task.entity';

export interface TaskView {
  id: string;
  processInstanceId: string;
  processKey: string;
  elementId: string;
  name: string | null;
  department: string | null;
  candidateGroups: string[];
  assignee: string | null;
  state: TaskState;
  variables: Record<string, unknown>;
  createdAt: Date;
  claimedAt: Date | null;
  endedAt: Date | null;
  completedBy: string | null;
  /** The completion's decision (`approve`, `reject`, or one the model declares) and written opinion. */
  decision: string | null;
  comment: string | null;
}

export interface TaskFilter {
  processInstanceId?: string;
  department?: string;
  state?: TaskState;
  assignee?: string;
  offset: number;
  limit: number;
}

function viewOf(t: TaskEntity): TaskView {
  return {
    id: t.id,
    processInstanceId: t.instanceId,
    processKey: t.processKey,
    elementId: t.elementId,
    name: t.name,
    department: t.department,
    candidateGroups: t.candidateGroups,
    assignee: t.assignee,
    state: t.state,
    variables: t.variables,
    createdAt: t.createdAt,
    claimedAt: t.claimedAt,
    endedAt: t.endedAt,
    completedBy: t.completedBy,
    decision: t.decision ?? null,
    comment: t.comment ?? null,
  };
}

/** Task rows as plain parameterised SELECT with the entity's property names (the hot path's reads). */
const TASK_COLUMNS = `id, instance_id AS "instanceId", process_key AS "processKey", element_id AS "elementId", element_key AS "elementKey",
                      name, department, candidate_groups AS "candidateGroups", assignee, state, variables,
                      created_at AS "createdAt", claimed_at AS "claimedAt", ended_at AS "endedAt", completed_by AS "completedBy", decision, comment`;
const SELECT_TASK = `SELECT ${TASK_COLUMNS} FROM task WHERE id = $1`;

/** 409 TASK_CLAIMED: another clerk holds the task. */
function claimedByOther(task: TaskEntity): DomainError {
  return new DomainError('TASK_CLAIMED', `Task ${task.id} is claimed by ${task.assignee}`, { assignee: task.assignee });
}

function isActive(task: TaskEntity): boolean {
  return task.state === 'open' || task.state === 'claimed';
}

/** Department inboxes: listing, claiming and completing user tasks. */
@Injectable()
export class TaskService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
  ) {}

  /** A clerk sees the own department only: asking for another department is refused. */
  async list(filter: TaskFilter, actor: Actor): Promise<Page<TaskView>> {
    let department = filter.department;
    if (isConfinedToDepartment(actor)) {
      if (department !== undefined && department !== actor.department) throw new ForbiddenError(`Tasks of department ${department} are not visible to ${actor.name}`);
      if (actor.department === null) return { items: [], total: 0 };
      department = actor.department;
    }
    // One parameterised query: the page and the total (a window count; a second COUNT query only
    // when the page is empty because the offset lies past the end).
    const where: string[] = [];
    const params: unknown[] = [];
    const condition = (sql: string, value: unknown) => { params.push(value); where.push(`${sql} $${params.length}`); };
    if (filter.processInstanceId) condition('instance_id =', filter.processInstanceId);
    if (department) condition('department =', department);
    if (filter.state) condition('state =', filter.state);
    if (filter.assignee) condition('assignee =', filter.assignee);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = (await this.dataSource.query(
      `SELECT ${TASK_COLUMNS}, count(*) OVER () AS "totalCount" FROM task ${whereSql}
        ORDER BY created_at ASC, id ASC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, filter.offset, filter.limit],
    )) as (TaskEntity & { totalCount: string })[];
    const total = rows.length > 0 || filter.offset === 0
      ? Number(rows[0]?.totalCount ?? 0)
      : Number(((await this.dataSource.query(`SELECT count(*) AS n FROM task ${whereSql}`, params)) as { n: string }[])[0].n);
    return { items: rows.map(viewOf), total };
  }

  async get(id: string, actor: Actor): Promise<TaskView> {
    return viewOf(await this.load(this.dataSource.manager, id, actor));
  }

  /**
   * Claim command. ONE transaction: `UPDATE task SET state = 'claimed', assignee = actor WHERE id
   * AND state = 'open'`, plus a `task.claimed` history row. Claiming one's own claimed task again
   * is a no-op; a task claimed by someone else or no longer active → 409.
   */
  async claim(id: string, actor: Actor): Promise<TaskView> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.loadForWork(manager, id, actor);
      if (task.state === 'claimed' && task.assignee === actor.name) return viewOf(task);
      this.refuseInactive(task);
      if (task.state === 'claimed') throw claimedByOther(task);
      const now = new Date();
      await this.guardedUpdate(manager, task, { state: 'claimed', assignee: actor.name, claimed_at: now });
      await this.recordTaskEvent(manager, task, 'task.claimed', actor, now, { taskId: id });
      return viewOf({ ...task, state: 'claimed', assignee: actor.name, claimedAt: now });
    });
  }

  /**
   * Unclaim command. ONE transaction: the assignee (or an admin) puts a claimed task back into the
   * department's queue (`state = 'open'`, no assignee), plus a `task.unclaimed` history row.
   */
  async unclaim(id: string, actor: Actor): Promise<TaskView> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.loadForWork(manager, id, actor);
      if (task.state === 'open') return viewOf(task);
      this.refuseInactive(task);
      if (task.assignee !== actor.name && !hasRole(actor, 'admin')) throw claimedByOther(task);
      const now = new Date();
      await this.guardedUpdate(manager, task, { state: 'open', assignee: null, claimed_at: null });
      await this.recordTaskEvent(manager, task, 'task.unclaimed', actor, now, { taskId: id, previousAssignee: task.assignee });
      return viewOf({ ...task, state: 'open', assignee: null, claimedAt: null });
    });
  }

  /**
   * Complete command. ONE transaction (through the command executor):
   * 1. the decision is checked against the task's element (`decideCompletion`: a declared decision,
   *    or `approve`/`reject`; 400 otherwise) and written to its decision variable;
   * 2. `UPDATE task SET state = 'completed', decision, comment … WHERE id AND state AND assignee` as
   *    read — a concurrent claim or completion makes it match no row → 409;
   * 3. a `task.completed` history row with the actor, the decision, the opinion, and the names and
   *    values of the variables the step wrote (in the command's one history INSERT, before the
   *    engine's rows);
   * 4. the engine completes the wait key with those variables and the instance row is
   *    version-checked (409 on a lost race), with every resulting effect's rows.
   * An open task may be completed directly by a clerk of its department. `check` sees the task as
   * read, before anything is written (the api's step checks), so the task is read once.
   */
  async complete(id: string, variables: Variables | undefined, actor: Actor, check?: (task: TaskView) => Promise<void>, opinion: TaskOpinion = {}): Promise<TaskView> {
    const task = await this.load(this.dataSource.manager, id, actor);
    if (check) await check(viewOf(task));
    this.refuseUnworkable(task, actor);
    this.refuseInactive(task);
    if (task.state === 'claimed' && task.assignee !== actor.name && !hasRole(actor, 'admin')) {
      throw claimedByOther(task);
    }
    const now = new Date();
    // The decided variables depend on the task's element in the instance's model: `prepare` fills
    // them into the command and its history row before the engine runs.
    const command: Command & { type: 'completeTask' } = { type: 'completeTask', key: task.elementKey, variables };
    const completed: PendingHistory = { type: 'task.completed', elementId: task.elementId, elementKey: task.elementKey, at: now, data: {} };
    let decided: DecidedCompletion = { variables, decision: null, comment: null };
    await this.executor.execute(task.instanceId, command, {
      actor: actor.name,
      prepare: async (manager, instance) => {
        const model = await this.definitions.model(instance.definitionId, manager);
        decided = decideCompletion(model, task.elementId, variables, opinion);
        command.variables = decided.variables;
        completed.data = {
          taskId: id, ...(decided.decision !== null && { decision: decided.decision }), ...(decided.comment !== null && { comment: decided.comment }),
          variables: Object.keys(decided.variables ?? {}), values: decided.variables ?? {},
        };
        await this.guardedUpdate(manager, task, {
          state: 'completed', ended_at: now, completed_by: actor.name, assignee: task.assignee ?? actor.name, decision: decided.decision, comment: decided.comment,
        });
      },
      history: [completed],
    });
    return viewOf({ ...task, state: 'completed', endedAt: now, completedBy: actor.name, assignee: task.assignee ?? actor.name, decision: decided.decision, comment: decided.comment });
  }

  private async load(manager: EntityManager, id: string, actor: Actor): Promise<TaskEntity> {
    const [row] = (await manager.query(SELECT_TASK, [id])) as TaskEntity[];
    if (!row) throw new NotFoundError('Task', id);
    const task = row;
    if (isConfinedToDepartment(actor) && task.department !== actor.department) {
      throw new ForbiddenError(`Task ${id} belongs to department ${task.department ?? '(none)'}`);
    }
    return task;
  }

  private async loadForWork(manager: EntityManager, id: string, actor: Actor): Promise<TaskEntity> {
    const task = await this.load(manager, id, actor);
    this.refuseUnworkable(task, actor);
    return task;
  }

  private refuseUnworkable(task: TaskEntity, actor: Actor): void {
    if (!mayWorkOn(actor, task.department)) throw new ForbiddenError(`${actor.name} may not work on tasks of department ${task.department ?? '(none)'}`);
  }

  private refuseInactive(task: TaskEntity): void {
    if (!isActive(task)) throw new DomainError('TASK_NOT_ACTIVE', `Task ${task.id} is ${task.state}`, { state: task.state });
  }

  /** Compare-and-set on the task row as it was read; zero rows means a concurrent command won. */
  private async guardedUpdate(manager: EntityManager, task: TaskEntity, set: Record<string, unknown>): Promise<void> {
    const columns = Object.keys(set);
    const assignments = columns.map((column, i) => `${column} = $${i + 4}`).join(', ');
    const rows = returnedRows(await manager.query(
      `UPDATE task SET ${assignments} WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, ...columns.map((c) => set[c])],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  }

  private async recordTaskEvent(manager: EntityManager, task: TaskEntity, type: string, actor: Actor, at: Date, data: Record<string, unknown>): Promise<void> {
    await insertRows(manager, HistoryEventEntity, {
      instanceId: task.instanceId,
      type,
      elementId: task.elementId,
      elementKey: task.elementKey,
      at,
      actor: actor.name,
      data,
    });
  }
}
