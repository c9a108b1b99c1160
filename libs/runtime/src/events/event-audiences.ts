import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from './domain-event';

/** An event as the outbox relays it, with the region of its outbox row (the case's). */
export interface RelayedEvent {
  event: DomainEvent;
  region?: string;
}

/**
 * A package that consumes the `events` queue answers here which events no one it serves is told
 * about (no case, no notification, no subscriber), as its consumer would find them now. It reads
 * its own tables with the relay's `manager`, in ONE statement for all the events given.
 */
export interface EventAudience {
  /** For each event, in the order given: true only when it is certain that no one would be told. */
  unheard(manager: EntityManager, events: readonly RelayedEvent[]): Promise<boolean[]>;
}

/**
 * The audiences of domain events that packages registered at module init. The outbox relay asks them
 * before it puts events on the `events` queue and leaves out an event every registered audience
 * calls unheard: its row is marked published and `unheard`, and no job is added. With no audience
 * registered every event is relayed. The answer is read after the event's commit, from committed
 * rows, so a subscription or case that exists when the event is relayed hears it, as it would from
 * the queue's consumer.
 */
@Injectable()
export class EventAudiences {
  private readonly audiences: EventAudience[] = [];

  register(audience: EventAudience): void {
    if (!this.audiences.includes(audience)) this.audiences.push(audience);
  }

  async unheard(manager: EntityManager, events: readonly RelayedEvent[]): Promise<boolean[]> {
    if (this.audiences.length === 0 || events.length === 0) return events.map(() => false);
    const unheard = events.map(() => true);
    for (const audience of this.audiences) {
      const answer = await audience.unheard(manager, events);
      answer.forEach((silent, i) => (unheard[i] &&= silent === true));
    }
    return unheard;
  }
}
