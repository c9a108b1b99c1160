import { OutboxTopic } from '../outbox/outbox.topics';
import type { EffectApplierTable } from './effect-appliers';

/** Element history and the end of the instance (reported to the parent of a called instance). */
export const flowAppliers: EffectApplierTable = {
  history: (ctx, effect) => {
    ctx.record({ type: effect.event, elementId: effect.elementId, elementKey: effect.key ?? null, data: effect.data ?? null });
  },
  'instance.ended': (ctx, effect) => {
    ctx.ended = { status: effect.status, variables: effect.variables, error: effect.error };
    ctx.record({ type: 'instance.ended', data: { status: effect.status, ...(effect.error ? { error: effect.error } : {}) } });
    if (ctx.instance.parentId && ctx.instance.parentElementKey) {
      ctx.publish({
        topic: OutboxTopic.calls,
        type: 'call.ended',
        payload: {
          parentId: ctx.instance.parentId,
          parentElementKey: ctx.instance.parentElementKey,
          childId: ctx.instance.id,
          status: effect.status,
          variables: effect.variables,
          error: effect.error,
        },
      });
    }
  },
  'escalation.propagated': (ctx, effect) => {
    ctx.record({ type: 'escalation.propagated', data: { code: effect.code } });
    if (ctx.instance.parentId && ctx.instance.parentElementKey) {
      ctx.publish({
        topic: OutboxTopic.calls,
        type: 'call.escalated',
        payload: { parentId: ctx.instance.parentId, parentElementKey: ctx.instance.parentElementKey, childId: ctx.instance.id, code: effect.code, variables: effect.variables },
      });
    }
  },
};
