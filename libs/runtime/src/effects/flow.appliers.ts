import { OutboxTopic } from '../outbox/outbox.topics';
import type { EffectApplierTable } from './effect-appliers';

/**
 * Who a decision by rule is attributed to: an item's step decided by its auto-approval decision (秒办)
 * is `system:auto-approval`, any other business rule task `system:decision`.
 */
function decisionActor(data: Record<string, unknown> | undefined): string {
  return data?.item ? 'system:auto-approval' : 'system:decision';
}

/** Element history and the end of the instance (reported to the parent of a called instance). */
export const flowAppliers: EffectApplierTable = {
  history: (ctx, effect) => {
    const actor = effect.event === 'decision.evaluated' ? decisionActor(effect.data) : undefined;
    ctx.record({ type: effect.event, elementId: effect.elementId, elementKey: effect.key ?? null, data: effect.data ?? null, ...(actor ? { actor } : {}) });
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
