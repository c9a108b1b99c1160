import type { EntityManager } from 'typeorm';
import type { TaskEntity } from '../tasks/task.entity';

/** What 撤回 reads about an instance's tasks: the active ones, and whether a step ran again later. */
export const taskSuccessors = {
  /** The instance's open and claimed tasks, locked until the transaction ends. */
  async activeLocked(manager: EntityManager, instanceId: string): Promise<Pick<TaskEntity, 'id' | 'elementId' | 'elementKey' | 'state' | 'assignee' | 'department' | 'draft'>[]> {
    return (await manager.query(
      `SELECT id, element_id AS "elementId", element_key AS "elementKey", state, assignee, department, draft
         FROM task WHERE instance_id = $1 AND state IN ('open', 'claimed') ORDER BY created_at, id FOR UPDATE`,
      [instanceId],
    )) as Pick<TaskEntity, 'id' | 'elementId' | 'elementKey' | 'state' | 'assignee' | 'department' | 'draft'>[];
  },

  /** Whether the element got another task after `task` (returned to, withdrawn, run again). */
  async laterOfSameElement(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'instanceId' | 'elementId' | 'createdAt'>): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM task WHERE instance_id = $1 AND element_id = $2 AND id <> $3 AND created_at >= $4 LIMIT 1`,
      [task.instanceId, task.elementId, task.id, task.createdAt],
    )) as unknown[];
    return rows.length > 0;
  },
};
