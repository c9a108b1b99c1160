import type { EffectApplierTable } from '../effects/effect-appliers';
import { CONTROL_TOPIC } from './control.topics';

/** A call activity withdrawn (its parent cancelled or interrupted): its child is cancelled too, through the outbox. */
export const callCancelAppliers: EffectApplierTable = {
  'call.cancelled': async (ctx, effect) => {
    const children = (await ctx.manager.query(
      `SELECT id FROM process_instance WHERE parent_id = $1 AND parent_element_key = $2 AND ended_at IS NULL`,
      [ctx.instance.id, effect.key],
    )) as { id: string }[];
    for (const child of children) ctx.publish({ topic: CONTROL_TOPIC, type: 'instance.cancel', payload: { instanceId: child.id } });
    ctx.record({ type: 'call.cancelled', elementId: effect.elementId, elementKey: effect.key, data: { children: children.map((c) => c.id) } });
  },
};
