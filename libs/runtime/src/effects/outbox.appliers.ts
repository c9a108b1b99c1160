import { jobTopic, OutboxTopic } from '../outbox/outbox.topics';
import type { EffectApplierTable } from './effect-appliers';

/** Effects that leave the instance: written as outbox rows, published to BullMQ after commit. */
export const outboxAppliers: EffectApplierTable = {
  continuation: (ctx, effect) => {
    ctx.publish({ topic: OutboxTopic.continuation, type: 'continuation', payload: { instanceId: ctx.instance.id, key: effect.key, elementId: effect.elementId } });
  },
  'job.created': (ctx, effect) => {
    ctx.publish({
      topic: jobTopic(effect.jobType),
      type: 'job.created',
      payload: { instanceId: ctx.instance.id, processKey: ctx.instance.processKey, key: effect.key, elementId: effect.elementId, jobType: effect.jobType, retries: effect.retries, variables: effect.variables },
    });
    ctx.record({ type: 'job.created', elementId: effect.elementId, elementKey: effect.key, data: { jobType: effect.jobType } });
  },
  'timer.scheduled': (ctx, effect) => {
    ctx.publish({
      topic: OutboxTopic.timers,
      type: 'timer.due',
      payload: { instanceId: ctx.instance.id, key: effect.key, elementId: effect.elementId, dueAt: effect.dueAt, repetitionsLeft: effect.repetitionsLeft },
      availableAt: new Date(effect.dueAt),
    });
  },
  'call.started': (ctx, effect) => {
    ctx.publish({
      topic: OutboxTopic.calls,
      type: 'call.started',
      payload: { parentId: ctx.instance.id, parentElementKey: effect.key, elementId: effect.elementId, processKey: effect.processId, version: effect.version, variables: effect.variables },
    });
    ctx.record({ type: 'call.started', elementId: effect.elementId, elementKey: effect.key, data: { processKey: effect.processId } });
  },
  'message.thrown': (ctx, effect) => {
    ctx.publish({ topic: OutboxTopic.messages, type: 'message.thrown', payload: { instanceId: ctx.instance.id, ...effect } });
  },
  'signal.thrown': (ctx, effect) => {
    ctx.publish({ topic: OutboxTopic.signals, type: 'signal.thrown', payload: { instanceId: ctx.instance.id, ...effect } });
  },
};
