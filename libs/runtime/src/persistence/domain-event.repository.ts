import type { EntityManager } from 'typeorm';
import { activeTraceparent } from '@tongban/kernel';
import { OUTBOX_CHANNEL } from '../outbox/outbox-notifications';
import { OutboxTopic } from '../outbox/outbox.topics';
import type { DomainEvent } from '../events/domain-event';
import { ROW_REGION } from '../database/region-filter';

/** `outbox` rows of domain events: one per event, published under the job id `event-<id>`; relays in other processes are notified. */
export const domainEvents = {
  async insert(manager: EntityManager, queuePrefix: string, event: DomainEvent): Promise<void> {
    await manager.query(
      `WITH row AS (INSERT INTO outbox (region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, $6, $8) RETURNING id)
       SELECT pg_notify($7, $1) FROM row`,
      [queuePrefix, OutboxTopic.events, event.type, event.processInstanceId ?? null, JSON.stringify({ event, queueJobId: `event-${event.id}` }), event.occurredAt, OUTBOX_CHANNEL, activeTraceparent()],
    );
  },
};
