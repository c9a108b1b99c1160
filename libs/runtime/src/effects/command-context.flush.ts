import { insertRows } from '../database/insert-rows';
import { HistoryEventEntity } from '../history/history-event.entity';
import { OUTBOX_CHANNEL } from '../outbox/outbox-notifications';
import { OutboxEntity } from '../outbox/outbox.entity';
import type { CommandContext } from './command-context';

/**
 * Writes the history and outbox rows a command gathered; part of the command's transaction. With
 * outbox rows it also notifies the outbox channel, which PostgreSQL delivers only on commit.
 */
export async function flushCommandContext(ctx: CommandContext, queuePrefix: string): Promise<void> {
  if (ctx.history.length > 0) {
    await insertRows(
      ctx.manager,
      HistoryEventEntity,
      ctx.history.map((h) => ({
        instanceId: ctx.instance.id,
        type: h.type,
        elementId: h.elementId ?? null,
        elementKey: h.elementKey ?? null,
        at: ctx.now,
        actor: ctx.actor,
        data: h.data ?? null,
      })),
    );
  }
  if (ctx.outbox.length > 0) {
    await insertRows(
      ctx.manager,
      OutboxEntity,
      ctx.outbox.map((o) => ({
        queuePrefix,
        topic: o.topic,
        type: o.type,
        instanceId: ctx.instance.id,
        payload: o.payload,
        availableAt: o.availableAt ?? ctx.now,
        createdAt: ctx.now,
      })),
    );
    await ctx.manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, queuePrefix]);
  }
}
