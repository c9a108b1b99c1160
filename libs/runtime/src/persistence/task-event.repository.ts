import { activeTraceparent } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { outboxWritten } from '../outbox/outbox-signal';
import { ROW_REGION } from '../database/region-filter';

/** The BullMQ queue the department operations on tasks are published to (`task.transferred`, `task.returned`, …). */
export const TASK_EVENTS_TOPIC = 'task-events';

/** One task operation for subscribers (notifications, webhooks): ids only, never personal data. */
export interface TaskEvent {
  type: string;
  instanceId: string;
  payload: Record<string, unknown>;
}

/** The outbox rows of task operations, written in the operation's own transaction. */
export const taskEvents = {
  async emit(manager: EntityManager, queuePrefix: string, at: Date, event: TaskEvent): Promise<void> {
    await manager.query(
      `INSERT INTO outbox (region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, $6, $7)`,
      [queuePrefix, TASK_EVENTS_TOPIC, event.type, event.instanceId, JSON.stringify(event.payload), at, activeTraceparent()],
    );
    outboxWritten(manager);
  },
};
