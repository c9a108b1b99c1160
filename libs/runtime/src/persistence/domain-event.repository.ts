import type { EntityManager } from 'typeorm';
import { activeTraceparent } from '@tongban/kernel';
import { outboxWritten } from '../outbox/outbox-signal';
import { OutboxTopic } from '../outbox/outbox.topics';
import type { DomainEvent } from '../events/domain-event';
import { ROW_REGION } from '../database/region-filter';

/** `outbox` rows of domain events: one per event, published under the job id `event-<id>`; the relays are signalled after commit (`outboxWritten`). */
export const domainEvents = {
  async insert(manager: EntityManager, queuePrefix: string, event: DomainEvent): Promise<void> {
    await manager.query(
      `INSERT INTO outbox (region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, $6, $7)`,
      [queuePrefix, OutboxTopic.events, event.type, event.processInstanceId ?? null, JSON.stringify({ event, queueJobId: `event-${event.id}` }), event.occurredAt, activeTraceparent()],
    );
    outboxWritten(manager);
  },
};
