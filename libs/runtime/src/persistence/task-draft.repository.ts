import { ConflictError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { TaskDraft, TaskEntity } from '../tasks/task.entity';

/** The `task.draft` column: a clerk's saved, not yet completed work. */
export const taskDrafts = {
  /** Saves the draft on the task as read (compare-and-set); zero rows means a concurrent command won: `ConflictError`. */
  async save(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee'>, draft: TaskDraft): Promise<void> {
    const rows = returnedRows(await manager.query(
      `UPDATE task SET draft = $4 WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, JSON.stringify(draft)],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },
};
