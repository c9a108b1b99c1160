import { returnedRows } from '../control/returned-rows.util';
import type { EffectApplierTable } from '../effects/effect-appliers';
import { correlationLockSql, MESSAGE_TOPIC, type Delivery } from './message.topics';

interface BufferedMessage {
  id: string;
  variables: Record<string, unknown>;
}

/**
 * Message subscriptions: a row per waiting catch event, receive task, boundary event or event
 * subprocess start. A subscription opening consumes the oldest live buffered message with its name
 * and correlation key in the same transaction (under the lock publishing takes), so a buffered
 * message is consumed by exactly one instance; its delivery goes through the outbox.
 */
export const messageAppliers: EffectApplierTable = {
  'message.subscribed': async (ctx, effect) => {
    const correlationKey = effect.correlationKey ?? null;
    await ctx.manager.query(
      `INSERT INTO message_subscription (instance_id, element_key, element_id, message_name, correlation_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (instance_id, element_key) DO NOTHING`,
      [ctx.instance.id, effect.key, effect.elementId, effect.messageName, correlationKey, ctx.now],
    );
    await ctx.manager.query(correlationLockSql(), [effect.messageName, correlationKey]);
    const consumed = await ctx.manager.query(
      `UPDATE published_message SET state = 'consumed', consumed_by = $3
        WHERE id = (SELECT id FROM published_message
                     WHERE kind = 'message' AND state = 'buffered' AND name = $1 AND correlation_key IS NOT DISTINCT FROM $2 AND expires_at > $4
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, variables`,
      [effect.messageName, correlationKey, ctx.instance.id, ctx.now],
    );
    const [message] = returnedRows<BufferedMessage>(consumed);
    if (!message) return;
    const delivery: Delivery = { messageId: message.id, event: 'message', target: { kind: 'subscription', instanceId: ctx.instance.id, key: effect.key }, variables: message.variables };
    ctx.publish({ topic: MESSAGE_TOPIC, type: 'message.deliver', payload: delivery as unknown as Record<string, unknown> });
    ctx.record({ type: 'message.buffer.consumed', elementId: effect.elementId, elementKey: effect.key, data: { messageId: message.id } });
  },
  'message.unsubscribed': async (ctx, effect) => {
    await ctx.manager.query(`DELETE FROM message_subscription WHERE instance_id = $1 AND element_key = $2`, [ctx.instance.id, effect.key]);
  },
  'message.thrown': (ctx, effect) => {
    ctx.publish({ topic: MESSAGE_TOPIC, type: 'message.thrown', payload: { instanceId: ctx.instance.id, ...effect } });
    ctx.record({ type: 'message.thrown', elementId: effect.elementId, data: { messageName: effect.messageName, ...(effect.correlationKey !== undefined ? { correlationKey: effect.correlationKey } : {}) } });
  },
};
