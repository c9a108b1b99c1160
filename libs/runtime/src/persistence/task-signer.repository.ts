import { randomUUID } from 'node:crypto';
import { ConflictError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { DeferredCompletion, SignPosition, Signer, TaskEntity } from '../tasks/task.entity';

/** The `task` rows of 加签 on a single task: signers' tasks, the held task, the signers waiting after it. */
export const taskSigners = {
  /** Inserts one signer's task per signer, sharing the signed task's wait key and variables; returns their ids. */
  async insert(manager: EntityManager, of: TaskEntity, position: SignPosition, signers: Signer[], at: Date): Promise<string[]> {
    const ids: string[] = [];
    for (const signer of signers) {
      const id = randomUUID();
      ids.push(id);
      await manager.query(
        `INSERT INTO task (id, instance_id, process_key, element_id, element_key, name, department, candidate_groups, assignee, state, variables, created_at, claimed_at, sign_of, sign_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [id, of.instanceId, of.processKey, of.elementId, of.elementKey, of.name, signer.department, signer.department ? [signer.department] : [], signer.assignee,
          signer.assignee ? 'claimed' : 'open', JSON.stringify(of.variables ?? {}), at, signer.assignee ? at : null, of.id, position],
      );
    }
    return ids;
  },

  /** 前加签: the task waits (`signing`) from the state and assignee it was read with; else `ConflictError`. */
  async hold(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee'>): Promise<void> {
    const rows = returnedRows(await manager.query(
      `UPDATE task SET state = 'signing' WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },

  /** The held task is back as it was before (claimed by its assignee, or open in its queue). */
  async release(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE task SET state = CASE WHEN assignee IS NULL THEN 'open' ELSE 'claimed' END WHERE id = $1 AND state = 'signing'`, [id]);
  },

  /** 后加签: the signers join the task's list of signers after it, while it is as read; else `ConflictError`. */
  async addAfter(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee'>, signers: Signer[]): Promise<void> {
    const rows = returnedRows(await manager.query(
      `UPDATE task SET signers_after = COALESCE(signers_after, '[]'::jsonb) || $4::jsonb
        WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, JSON.stringify(signers)],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },

  /** 后加签: the task is completed, its completion kept for the engine until its signers have signed. */
  async completeDeferred(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee'>, by: string, at: Date, deferred: DeferredCompletion): Promise<void> {
    const rows = returnedRows(await manager.query(
      `UPDATE task SET state = 'completed', assignee = COALESCE(assignee, $4), ended_at = $5, completed_by = $4, decision = $6, comment = $7, draft = NULL, deferred_completion = $8
        WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, by, at, deferred.decision, deferred.comment, JSON.stringify(deferred)],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },

  /** The signers' tasks of `id` still to sign (open or claimed). */
  async pending(manager: EntityManager, id: string): Promise<Pick<TaskEntity, 'id' | 'state' | 'assignee'>[]> {
    return (await manager.query(`SELECT id, state, assignee FROM task WHERE sign_of = $1 AND state IN ('open', 'claimed') ORDER BY created_at, id`, [id])) as Pick<TaskEntity, 'id' | 'state' | 'assignee'>[];
  },

  /** A signer's task is removed (减签): cancelled from the state and assignee it was read with; else `ConflictError`. */
  async cancel(manager: EntityManager, task: Pick<TaskEntity, 'id' | 'state' | 'assignee'>, at: Date): Promise<void> {
    const rows = returnedRows(await manager.query(
      `UPDATE task SET state = 'cancelled', ended_at = $4 WHERE id = $1 AND state = $2 AND assignee IS NOT DISTINCT FROM $3 RETURNING id`,
      [task.id, task.state, task.assignee, at],
    ));
    if (rows.length !== 1) throw new ConflictError(`Task ${task.id} was changed by another command`, { taskId: task.id });
  },
};
