import { newDomainEvent } from '../events/domain-event-entry';
import { OutboxTopic } from '../outbox/outbox.topics';
import type { CommandContext } from './command-context';
import type { EffectApplierTable } from './effect-appliers';

/**
 * Who a decision by rule is attributed to: an item's step decided by its auto-approval decision (秒办)
 * is `system:auto-approval`, any other business rule task `system:decision`.
 */
function decisionActor(data: Record<string, unknown> | undefined): string {
  return data?.item ? 'system:auto-approval' : 'system:decision';
}

/** Element history and the end of the instance (reported to the parent of a called instance, else published as `case.finished`). */
export const flowAppliers: EffectApplierTable = {
  history: (ctx, effect) => {
    const actor = effect.event === 'decision.evaluated' ? decisionActor(effect.data) : undefined;
    ctx.record({ type: effect.event, elementId: effect.elementId, elementKey: effect.key ?? null, data: effect.data ?? null, ...(actor ? { actor } : {}) });
  },
  'instance.ended': (ctx, effect) => {
    ctx.ended = { status: effect.status, variables: effect.variables, error: effect.error };
    ctx.record({ type: 'instance.ended', data: { status: effect.status, ...(effect.error ? { error: effect.error } : {}) } });
    if (ctx.instance.parentId && ctx.instance.parentElementKey) {
      const escalations = takeEscalations(ctx);
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
          ...(escalations.length > 0 && { escalations }),
        },
      });
    } else {
      ctx.publishEvent(newDomainEvent('case.finished', ctx.now, { processInstanceId: ctx.instance.id }, { status: effect.status }));
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

/**
 * The escalations this command already sent to the parent (`call.escalated`), taken back so that the
 * child's end carries them: two messages on the calls queue may be handled in either order, and a
 * parent that saw the end first would leave its call activity before the escalation reached it.
 */
function takeEscalations(ctx: CommandContext): { code: string; variables?: Record<string, unknown> }[] {
  const taken: { code: string; variables?: Record<string, unknown> }[] = [];
  for (let i = 0; i < ctx.outbox.length; i++) {
    const entry = ctx.outbox[i];
    if (entry.topic !== OutboxTopic.calls || entry.type !== 'call.escalated') continue;
    taken.push({ code: entry.payload.code as string, variables: entry.payload.variables as Record<string, unknown> | undefined });
    ctx.outbox.splice(i--, 1);
  }
  return taken;
}
