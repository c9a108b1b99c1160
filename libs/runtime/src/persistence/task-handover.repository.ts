import { ConflictError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { TaskEntity } from '../tasks/task.entity';

/** Where a handed-over task goes: a user's own work (claimed by them) or a department's queue (open). */
export interface TaskHandover {
  department: string | null;
  assignee: string | null;
  at: Date;
}

/** The `task` rows' owner and queue, as 转办 and 退回 change them (compare-and-set on state, assignee and department). */
export const taskHandovers = {
  /** Moves the task to its new owner or queue; zero rows means a concurrent command won: `ConflictError`. */
  async reassign(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee' | 'department'>, to: TaskHandover): Promise<void> {
    const state = to.assignee === null ? 'open' : 'claimed';
    const rows = returnedRows(await manager.query(
      `UPDATE task SET department = $4, assignee = $5, state = $6, claimed_at = $7
        WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 AND department IS NOT DISTINCT FROM $8 RETURNING id`,
      [task.id, task.state, task.assignee, to.department, to.assignee, state, to.assignee === null ? null : to.at, task.department],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },

  /** Holds the task as read for the rest of the transaction; zero rows means a concurrent command won. */
  async lock(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee' | 'department'>): Promise<void> {
    const rows = (await manager.query(
      `SELECT id FROM task WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 AND department IS NOT DISTINCT FROM $4 FOR UPDATE`,
      [task.id, task.state, task.assignee, task.department],
    )) as unknown[];
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },
};
