import { ConflictError, DomainError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import { andCallerRegion, IN_COMMAND_REGION } from '../database/region-filter';
import type { TaskEntity, TaskState } from '../tasks/task.entity';

/** The task row's columns and the entity's property names. */
const TASK_FIELDS: ReadonlyArray<readonly [column: string, property: keyof TaskEntity]> = [
  ['id', 'id'], ['instance_id', 'instanceId'], ['process_key', 'processKey'], ['element_id', 'elementId'], ['element_key', 'elementKey'],
  ['name', 'name'], ['department', 'department'], ['candidate_groups', 'candidateGroups'], ['assignee', 'assignee'], ['state', 'state'], ['variables', 'variables'],
  ['created_at', 'createdAt'], ['claimed_at', 'claimedAt'], ['ended_at', 'endedAt'], ['completed_by', 'completedBy'], ['decision', 'decision'], ['comment', 'comment'],
  ['draft', 'draft'], ['owner', 'owner'], ['delegation_state', 'delegationState'],
  ['sign_of', 'signOf'], ['sign_position', 'signPosition'], ['signers_after', 'signersAfter'], ['deferred_completion', 'deferredCompletion'], ['region', 'region'],
];

/** Task rows with the entity's property names (plain parameterised SQL: the hot path's reads). */
const TASK_COLUMNS = TASK_FIELDS.map(([column, property]) => (column === property ? column : `${column} AS "${property}"`)).join(', ');

/** The task columns of a CTE `page` of `TASK_COLUMNS`, listed (a statement of whole rows is not prepared). */
const PAGE_COLUMNS = TASK_FIELDS.map(([, property]) => `page."${property}"`).join(', ');

/**
 * The task columns of `alias` in a statement that reads other rows with them, each named `prefix` and
 * its property (`taskOfPrefixed` takes the task back out of such a row).
 */
export function prefixedTaskColumns(alias: string, prefix: string): string {
  return TASK_FIELDS.map(([column, property]) => `${alias}.${column} AS "${prefix}${property}"`).join(', ');
}

/** The task of a row read with `prefixedTaskColumns(…, prefix)`. */
export function taskOfPrefixed(row: Record<string, unknown>, prefix: string): TaskEntity {
  const task: Record<string, unknown> = {};
  for (const [, property] of TASK_FIELDS) task[property] = row[`${prefix}${property}`];
  return task as unknown as TaskEntity;
}

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
  /** Keyset pagination: the tasks after this one (a task id) in the list's order. */
  after?: string;
  /** Oldest first (default) or newest first. */
  order?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/**
 * The count of a list stops here: beyond it `total` is this bound and `totalExact` false, so a
 * department with a large backlog costs a bounded index walk per page, not one over every match.
 */
export const TASK_COUNT_BOUND = 10_000;

/** The tasks of a list page, the bounded total and the cursor of the following page. */
export interface TaskPageRows {
  rows: TaskEntity[];
  total: number;
  totalExact: boolean;
  /** The `after` of the following page; null on the last page. */
  next: string | null;
}

/** The `task` rows, as the task commands and the inbox read and write them. */
export const tasks = {
  /**
   * A task by id. `underInstanceLock`: the caller holds its instance's lock, whose region the task is in;
   * otherwise the read names the region when the caller's scope is one region (`andCallerRegion`).
   */
  async read(manager: EntityManager, id: string, underInstanceLock = false): Promise<TaskEntity | undefined> {
    const [row] = (await manager.query(`SELECT ${TASK_COLUMNS} FROM task WHERE id = $1${underInstanceLock ? ` AND ${IN_COMMAND_REGION}` : andCallerRegion()}`, [id])) as TaskEntity[];
    return row;
  },

  /**
   * A task by id with its instance's definition, for the task view (whose step is an element of that
   * definition): one statement where the view read the task and then its instance. The definition is
   * null when the instance is out of the caller's sight.
   */
  async readWithDefinition(manager: EntityManager, id: string): Promise<(TaskEntity & { definitionId: string | null }) | undefined> {
    const [row] = (await manager.query(
      `SELECT ${TASK_COLUMNS}, (SELECT p.definition_id FROM process_instance p WHERE p.id = task.instance_id${andCallerRegion('p.')}) AS "definitionId"
         FROM task WHERE id = $1${andCallerRegion()}`,
      [id],
    )) as (TaskEntity & { definitionId: string | null })[];
    return row;
  },

  /** The instance of each task that exists, by task id (one statement, no lock). */
  async instancesOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = (await manager.query(`SELECT id, instance_id FROM task WHERE id = ANY($1::uuid[])${andCallerRegion()}`, [ids])) as { id: string; instance_id: string }[];
    return new Map(rows.map((row) => [row.id, row.instance_id]));
  },

  /**
   * One page of tasks in (created_at, id) order, from `offset` or after the `after` task (keyset: an
   * index range scan, whatever the page's depth), and the total counted up to TASK_COUNT_BOUND. A
   * cursor that names no task is a 400 VALIDATION_FAILED.
   */
  async page(manager: EntityManager, filter: TaskFilterSql): Promise<TaskPageRows> {
    // a caller of one region lists one shard; one of several (a supervisor) keeps the row-level security's list
    const inRegion = andCallerRegion().replace(/^ AND /, '');
    const where: string[] = inRegion ? [inRegion] : [];
    const params: unknown[] = [];
    const condition = (sql: string, value: unknown) => { params.push(value); where.push(`${sql} $${params.length}`); };
    if (filter.processInstanceId) condition('instance_id =', filter.processInstanceId);
    if (filter.department) condition('department =', filter.department);
    if (filter.state) condition('state =', filter.state);
    if (filter.assignee) condition('assignee =', filter.assignee);
    if (filter.owner) condition('instance_id IN (SELECT id FROM process_instance WHERE owner =', filter.owner);
    if (filter.owner) where[where.length - 1] += ')';
    const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const descending = filter.order === 'desc';
    if (filter.after) {
      const [cursor] = (await manager.query(`SELECT created_at FROM task WHERE id = $1${andCallerRegion()}`, [filter.after])) as { created_at: Date }[];
      if (!cursor) throw new DomainError('VALIDATION_FAILED', `after: no task ${filter.after} (a cursor is the \`next\` of a previous page)`, { errors: [{ field: 'after', reason: 'unknown', message: 'no such task' }] });
      params.push(filter.after);
      where.push(`(created_at, id) ${descending ? '<' : '>'} ((SELECT created_at FROM task WHERE id = $${params.length}${andCallerRegion()}), $${params.length})`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const direction = descending ? 'DESC' : 'ASC';
    // the page and the bounded count in one statement (the count's parameters are the first of the page's):
    // one row with the count and no task when the page is empty
    const counted = (await manager.query(
      `WITH page AS (SELECT ${TASK_COLUMNS} FROM task ${whereSql}
                      ORDER BY created_at ${direction}, id ${direction} OFFSET $${params.length + 1} LIMIT $${params.length + 2}),
            bounded AS (SELECT count(*)::int AS n FROM (SELECT 1 FROM task ${countWhere} LIMIT ${TASK_COUNT_BOUND + 1}) b)
       SELECT bounded.n AS "boundedTotal", ${PAGE_COLUMNS} FROM bounded LEFT JOIN page ON true ORDER BY page."createdAt" ${direction}, page.id ${direction}`,
      [...params, filter.offset, filter.limit + 1],
    )) as (TaskEntity & { boundedTotal: number })[];
    const n = counted[0].boundedTotal;
    const rows: TaskEntity[] = counted[0].id === null ? [] : counted.map(({ boundedTotal: _, ...task }) => task);
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    return { rows: page, total: Math.min(n, TASK_COUNT_BOUND), totalExact: n <= TASK_COUNT_BOUND, next: more ? page[page.length - 1].id : null };
  },

  /**
   * Moves the task on from the state and assignee it was read with (compare-and-set); zero rows means
   * a concurrent command won: `ConflictError`, and the caller's transaction rolls back. The WHERE names
   * the region the task was read in.
   */
  async transition(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee' | 'region'>, to: TaskTransition): Promise<void> {
    const set: Record<string, unknown> = { state: to.state, assignee: to.assignee };
    if ('claimedAt' in to) set.claimed_at = to.claimedAt;
    if ('endedAt' in to) Object.assign(set, { ended_at: to.endedAt, completed_by: to.completedBy, decision: to.decision, comment: to.comment, draft: null });
    const columns = Object.keys(set);
    const rows = returnedRows(await manager.query(
      `UPDATE task SET ${columns.map((column, i) => `${column} = $${i + 4}`).join(', ')}
        WHERE id = $1 AND region = $${columns.length + 4} AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, ...columns.map((c) => set[c]), task.region],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },
};
