import type { EffectApplierTable } from '../effects/effect-appliers';
import { SIGNAL_TOPIC } from '../messages/message.topics';

/** Signal subscriptions: a row per waiting signal catch, boundary event or event subprocess start. */
export const signalAppliers: EffectApplierTable = {
  'signal.subscribed': async (ctx, effect) => {
    await ctx.manager.query(
      `INSERT INTO signal_subscription (instance_id, element_key, element_id, signal_name, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (instance_id, element_key) DO NOTHING`,
      [ctx.instance.id, effect.key, effect.elementId, effect.signalName, ctx.now],
    );
  },
  'signal.unsubscribed': async (ctx, effect) => {
    await ctx.manager.query(`DELETE FROM signal_subscription WHERE instance_id = $1 AND element_key = $2`, [ctx.instance.id, effect.key]);
  },
  'signal.thrown': (ctx, effect) => {
    ctx.publish({ topic: SIGNAL_TOPIC, type: 'signal.thrown', payload: { instanceId: ctx.instance.id, ...effect } });
    ctx.record({ type: 'signal.thrown', elementId: effect.elementId, data: { signalName: effect.signalName } });
  },
};
