import { randomUUID } from 'node:crypto';
import { insertRows } from '../database/insert-rows';
import { TaskEntity } from '../tasks/task.entity';
import type { EffectApplierTable } from './effect-appliers';

/** User tasks: a row per waiting task in its department's inbox. */
export const taskAppliers: EffectApplierTable = {
  'task.created': async (ctx, effect) => {
    const department = effect.department ?? effect.candidateGroups?.[0] ?? null;
    const id = randomUUID();
    await insertRows(ctx.manager, TaskEntity, {
      id,
      instanceId: ctx.instance.id,
      processKey: ctx.instance.processKey,
      elementId: effect.elementId,
      elementKey: effect.key,
      name: effect.name ?? null,
      department,
      candidateGroups: effect.candidateGroups ?? [],
      assignee: effect.assignee ?? null,
      state: effect.assignee ? 'claimed' : 'open',
      variables: effect.variables ?? {},
      createdAt: ctx.now,
      claimedAt: effect.assignee ? ctx.now : null,
    });
    ctx.record({ type: 'task.created', elementId: effect.elementId, elementKey: effect.key, data: { taskId: id, department, ...(effect.assignee ? { assignee: effect.assignee } : {}) } });
  },
  'task.cancelled': async (ctx, effect) => {
    await ctx.manager.query(
      `UPDATE task SET state = 'cancelled', ended_at = $3 WHERE instance_id = $1 AND element_key = $2 AND state IN ('open', 'claimed')`,
      [ctx.instance.id, effect.key, ctx.now],
    );
    ctx.record({ type: 'task.cancelled', elementId: effect.elementId, elementKey: effect.key });
  },
};
