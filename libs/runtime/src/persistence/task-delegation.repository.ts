import { ConflictError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { DelegationState, TaskDraft, TaskEntity } from '../tasks/task.entity';

/** Who owns and who works a delegated task (委派), compare-and-set on the task as read. */
export interface TaskDelegation {
  owner: string;
  assignee: string;
  state: DelegationState;
  claimedAt: Date;
  /** What the delegate hands back with the task (resolve), kept as the task's draft for the owner. */
  draft?: TaskDraft;
}

export const taskDelegations = {
  async set(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee'>, to: TaskDelegation): Promise<void> {
    const rows = returnedRows(await manager.query(
      `UPDATE task SET owner = $4, assignee = $5, delegation_state = $6, state = 'claimed', claimed_at = $7, draft = COALESCE($8::jsonb, draft)
        WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, to.owner, to.assignee, to.state, to.claimedAt, to.draft ? JSON.stringify(to.draft) : null],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },
};
