import { ConflictError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { TaskEntity, TaskState } from '../tasks/task.entity';

/** Task rows with the entity's property names (plain parameterised SQL: the hot path's reads). */
const TASK_COLUMNS = `id, instance_id AS "instanceId", process_key AS "processKey", element_id AS "elementId", element_key AS "elementKey",
                      name, department, candidate_groups AS "candidateGroups", assignee, state, variables,
                      created_at AS "createdAt", claimed_at AS "claimedAt", ended_at AS "endedAt", completed_by AS "completedBy", decision, comment, draft, owner, delegation_state AS "delegationState",
                      sign_of AS "signOf", sign_position AS "signPosition", signers_after AS "signersAfter", deferred_completion AS "deferredCompletion"`;

/** What a task command changes on the row. */
export type TaskTransition =
  | { state: 'claimed'; assignee: string; claimedAt: Date }
  | { state: 'open'; assignee: null; claimedAt: null }
  | { state: 'correction'; assignee: string | null }
  | { state: 'completed'; assignee: string; endedAt: Date; completedBy: string; decision: string | null; comment: string | null };

export interface TaskFilterSql {
  processInstanceId?: string;
  department?: string;
  state?: TaskState;
  assignee?: string;
  /** Keeps the tasks of the cases this owner (an integrator) owns. */
  owner?: string;
  offset: number;
  limit: number;
}

/** The `task` rows, as the task commands and the inbox read and write them. */
export const tasks = {
  async read(manager: EntityManager, id: string): Promise<TaskEntity | undefined> {
    const [row] = (await manager.query(`SELECT ${TASK_COLUMNS} FROM task WHERE id = $1`, [id])) as TaskEntity[];
    return row;
  },

  /**
   * One page of tasks and the total: one query with a window count (a second COUNT query only when
   * the page is empty because the offset lies past the end).
   */
  async page(manager: EntityManager, filter: TaskFilterSql): Promise<{ rows: TaskEntity[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const condition = (sql: string, value: unknown) => { params.push(value); where.push(`${sql} $${params.length}`); };
    if (filter.processInstanceId) condition('instance_id =', filter.processInstanceId);
    if (filter.department) condition('department =', filter.department);
    if (filter.state) condition('state =', filter.state);
    if (filter.assignee) condition('assignee =', filter.assignee);
    if (filter.owner) condition('instance_id IN (SELECT id FROM process_instance WHERE owner =', filter.owner);
    if (filter.owner) where[where.length - 1] += ')';
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = (await manager.query(
      `SELECT ${TASK_COLUMNS}, count(*) OVER () AS "totalCount" FROM task ${whereSql}
        ORDER BY created_at ASC, id ASC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, filter.offset, filter.limit],
    )) as (TaskEntity & { totalCount: string })[];
    const total = rows.length > 0 || filter.offset === 0
      ? Number(rows[0]?.totalCount ?? 0)
      : Number(((await manager.query(`SELECT count(*) AS n FROM task ${whereSql}`, params)) as { n: string }[])[0].n);
    return { rows: rows.map(({ totalCount: _count, ...task }) => task), total };
  },

  /**
   * Moves the task on from the state and assignee it was read with (compare-and-set); zero rows means
   * a concurrent command won: `ConflictError`, and the caller's transaction rolls back.
   */
  async transition(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee'>, to: TaskTransition): Promise<void> {
    const set: Record<string, unknown> = { state: to.state, assignee: to.assignee };
    if ('claimedAt' in to) set.claimed_at = to.claimedAt;
    if ('endedAt' in to) Object.assign(set, { ended_at: to.endedAt, completed_by: to.completedBy, decision: to.decision, comment: to.comment, draft: null });
    const columns = Object.keys(set);
    const rows = returnedRows(await manager.query(
      `UPDATE task SET ${columns.map((column, i) => `${column} = $${i + 4}`).join(', ')}
        WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, ...columns.map((c) => set[c])],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },
};
