import { randomUUID } from 'node:crypto';
import { returnedRows } from '../control/returned-rows.util';
import { commandRows } from '../persistence/command-rows.repository';
import type { EffectApplierTable } from './effect-appliers';

/** User tasks: a row per waiting task in its department's inbox (the command's task rows go in one INSERT). */
export const taskAppliers: EffectApplierTable = {
  'task.created': (ctx, effect) => {
    const department = effect.department ?? effect.candidateGroups?.[0] ?? null;
    const id = randomUUID();
    ctx.tasks.push({
      id,
      elementId: effect.elementId,
      elementKey: effect.key,
      name: effect.name ?? null,
      department,
      candidateGroups: effect.candidateGroups ?? [],
      assignee: effect.assignee ?? null,
      variables: effect.variables ?? {},
    });
    ctx.createdTasks.push({
      id, instanceId: ctx.instance.id, processKey: ctx.instance.processKey, elementId: effect.elementId, department, createdAt: ctx.now,
      ...(effect.schedule ? { schedule: effect.schedule } : {}),
    });
    ctx.record({ type: 'task.created', elementId: effect.elementId, elementKey: effect.key, data: { taskId: id, department, ...(effect.assignee ? { assignee: effect.assignee } : {}) } });
  },
  'task.cancelled': async (ctx, effect) => {
    await commandRows.writeTasks(ctx);
    const cancelled = (await ctx.manager.query(
      `UPDATE task SET state = 'cancelled', ended_at = $3 WHERE instance_id = $1 AND element_key = $2 AND state IN ('open', 'claimed', 'correction', 'signing') RETURNING id`,
      [ctx.instance.id, effect.key, ctx.now],
    )) as unknown;
    for (const { id } of returnedRows<{ id: string }>(cancelled)) ctx.taskEnded({ id, elementId: effect.elementId, endedAt: ctx.now });
    ctx.record({ type: 'task.cancelled', elementId: effect.elementId, elementKey: effect.key });
  },
};
