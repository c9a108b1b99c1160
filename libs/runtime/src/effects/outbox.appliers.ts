import { OutboxTopic } from '../outbox/outbox.topics';
import type { EffectApplierTable } from './effect-appliers';

/**
 * Effects that only leave the instance: written as outbox rows, published to BullMQ after commit.
 * Jobs, timers, messages and signals have rows of their own and are applied by their capabilities.
 */
export const outboxAppliers: EffectApplierTable = {
  continuation: (ctx, effect) => {
    ctx.publish({ topic: OutboxTopic.continuation, type: 'continuation', payload: { instanceId: ctx.instance.id, key: effect.key, elementId: effect.elementId } });
  },
  'call.started': (ctx, effect) => {
    ctx.publish({
      topic: OutboxTopic.calls,
      type: 'call.started',
      payload: { parentId: ctx.instance.id, parentElementKey: effect.key, elementId: effect.elementId, processKey: effect.processId, version: effect.version, variables: effect.variables },
    });
    ctx.record({ type: 'call.started', elementId: effect.elementId, elementKey: effect.key, data: { processKey: effect.processId } });
  },
};
