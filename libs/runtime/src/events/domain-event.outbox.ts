import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { domainEvents } from '../persistence/domain-event.repository';
import type { DomainEvent, DomainEventData, DomainEventType } from './domain-event';
import { newDomainEvent } from './domain-event-entry';

/**
 * Publishes domain events through the runtime's outbox: the caller passes the manager of its own
 * transaction, so the event row commits (or not) with the change it reports; the relay then
 * publishes it once to the `events` queue under the event id.
 */
@Injectable()
export class DomainEventOutbox {
  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async publish<T extends DomainEventType>(
    manager: EntityManager,
    event: { type: T; occurredAt: Date; applicationId?: string; processInstanceId?: string; data: DomainEventData[T] },
  ): Promise<DomainEvent<T>> {
    const published = newDomainEvent(event.type, event.occurredAt, { applicationId: event.applicationId, processInstanceId: event.processInstanceId }, event.data);
    await domainEvents.insert(manager, this.config.queuePrefix, published);
    return published;
  }
}
