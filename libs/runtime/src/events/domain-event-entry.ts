import { randomUUID } from 'node:crypto';
import type { PendingOutbox } from '../effects/command-context';
import { OutboxTopic } from '../outbox/outbox.topics';
import type { DomainEvent, DomainEventData, DomainEventType } from './domain-event';

/** A new event with its id, at the command's time. */
export function newDomainEvent<T extends DomainEventType>(
  type: T, at: Date, about: { applicationId?: string; processInstanceId?: string }, data: DomainEventData[T],
): DomainEvent<T> {
  return { id: randomUUID(), type, occurredAt: at.toISOString(), ...about, data };
}

/** The outbox row of an event, published to the `events` queue under the job id `event-<id>`. */
export function domainEventEntry(event: DomainEvent): PendingOutbox {
  return { topic: OutboxTopic.events, type: event.type, payload: { event, queueJobId: `event-${event.id}` } };
}
