import { randomUUID } from 'node:crypto';
import { COMMAND_REGION } from '../database/region-filter';
import type { EffectApplierTable } from '../effects/effect-appliers';
import type { CommandContext } from '../effects/command-context';
import { TIMER_TOPIC, timerJobId } from './timer.topics';

function definitionIdOf(ctx: CommandContext): string {
  return (ctx.instance as { definitionId?: string }).definitionId as string;
}

/**
 * Timers of running instances (boundary, intermediate, event subprocess): one `timer` row per
 * subscription key. A cycle's next firing updates the same row; its `fired_count` names the firing,
 * so the due job of every firing is distinct (`timer-<id>-<firing>`, the same id whether the outbox
 * or the sweeper adds it) and a stale job finds nothing to fire.
 */
export const timerAppliers: EffectApplierTable = {
  'timer.scheduled': async (ctx, effect) => {
    const rows = (await ctx.manager.query(
      `INSERT INTO timer (region, id, instance_id, definition_id, element_id, element_key, state, due_at, repetitions_left, fired_count, created_at)
       VALUES (${COMMAND_REGION}, $1, $2, $3, $4, $5, 'scheduled', $6, $7, 0, $8)
       ON CONFLICT (instance_id, element_key) WHERE instance_id IS NOT NULL
       DO UPDATE SET state = 'scheduled', due_at = EXCLUDED.due_at, repetitions_left = EXCLUDED.repetitions_left, ended_at = NULL
       RETURNING id, fired_count`,
      [randomUUID(), ctx.instance.id, definitionIdOf(ctx), effect.elementId, effect.key, new Date(effect.dueAt), effect.repetitionsLeft ?? null, ctx.now],
    )) as { id: string; fired_count: number }[];
    const [timer] = rows;
    ctx.publish({
      topic: TIMER_TOPIC,
      type: 'timer.due',
      payload: { timerId: timer.id, firing: timer.fired_count, queueJobId: timerJobId(timer.id, timer.fired_count) },
      availableAt: new Date(effect.dueAt),
    });
    ctx.record({ type: 'timer.scheduled', elementId: effect.elementId, elementKey: effect.key, data: { timerId: timer.id, dueAt: new Date(effect.dueAt).toISOString() } });
  },
  'timer.cancelled': async (ctx, effect) => {
    await ctx.manager.query(
      `UPDATE timer SET state = 'cancelled', ended_at = $3 WHERE instance_id = $1 AND element_key = $2 AND state = 'scheduled'`,
      [ctx.instance.id, effect.key, ctx.now],
    );
    ctx.record({ type: 'timer.cancelled', elementId: effect.elementId, elementKey: effect.key });
  },
};
