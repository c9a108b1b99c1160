import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventAudiences, JobHandler, OutboxTopic, ResultBatcher, type DomainEvent, type EventAudience as RelayAudience } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { ApplicationProgressService } from '../nest/application-progress.service';
import { WebhookService } from '../webhooks/webhook.service';
import { eventAudiences, type EventAudience, type RelayedEvent } from './event-audience.repository';
import { notificationsOf } from './notification-recipients';
import { NotificationService } from './notification.service';

/** Events this process's BullMQ consumer holds at once; their audiences are read up to EVENTS_PER_READ at a time. */
const EVENTS_CONCURRENCY = 32;
const EVENTS_PER_READ = 32;

/**
 * Takes each domain event off the `events` queue once the outbox relayed it. An event the runtime
 * published about a bundle case's process is first completed with the case: its id, the
 * applicant's code, for `item.decided` the item when its department owns only one, for
 * `case.finished` the case's outcome. The cases and the active subscriptions to the types of the
 * events this consumer holds at once are read in ONE statement (`eventAudiences`). Then, when the
 * event has a recipient or a subscriber, ONE transaction makes its notifications (unique per event
 * and recipient) and its webhook delivery rows (unique per event and subscription); after commit the
 * delivery jobs are added under ids derived from the delivery, so a repeated event job — BullMQ
 * retrying after a crash — adds nothing twice. An event no one is told about (an instance that is no one's case, a type no one subscribed
 * to) costs its share of that one statement.
 *
 * It is also the audience the outbox relay asks (`EventAudiences`) before it puts events on the
 * queue: an event about no case, of a type no active subscription names and with no recipient of its
 * own, is one this consumer would drop, so the relay leaves it out and no job is made of it.
 */
@Injectable()
export class DomainEventProcessor implements RelayAudience {
  private readonly audiences = new ResultBatcher<RelayedEvent, EventAudience>(async (events) => {
    const found = await eventAudiences(this.dataSource.manager, events);
    return found.map((value) => ({ status: 'fulfilled', value }));
  }, EVENTS_PER_READ);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    private readonly webhooks: WebhookService,
    private readonly progress: ApplicationProgressService,
    audiences: EventAudiences,
  ) {
    audiences.register(this);
  }

  /** The events `handle` would drop (no case, no recipient, no subscriber), read in ONE statement. */
  async unheard(manager: EntityManager, events: readonly RelayedEvent[]): Promise<boolean[]> {
    const found = await eventAudiences(manager, events);
    return events.map(({ event }, i) => !found[i].application && found[i].subscriptionIds.length === 0 && notificationsOf(event).length === 0);
  }

  @JobHandler(OutboxTopic.events, { concurrency: EVENTS_CONCURRENCY })
  async handle(payload: Record<string, unknown>): Promise<void> {
    const received = payload.event as DomainEvent;
    // the outbox row's region is the case's (absent on a job re-published by the stranded-work recovery)
    const audience = await this.audiences.apply({ event: received, region: typeof payload.outboxRegion === 'string' ? payload.outboxRegion : undefined });
    const event = await this.withCase(received, audience.application);
    if (notificationsOf(event).length === 0 && audience.subscriptionIds.length === 0) return;
    const deliveries = await this.dataSource.transaction(async (m) => {
      await this.notifications.fromEvent(m, event);
      return this.webhooks.fanOut(m, event, audience.subscriptionIds);
    });
    await this.webhooks.enqueue(deliveries);
  }

  private async withCase(event: DomainEvent, application: EventAudience['application']): Promise<DomainEvent> {
    if (!application) return event;
    const data: Record<string, unknown> = { ...event.data, applicantCode: application.applicantCode };
    if (event.type === 'case.finished') data.outcome = (await this.progress.get(application.id)).outcome;
    if (event.type === 'item.decided') {
      const owned = (await this.progress.get(application.id)).items.filter((i) => i.department === (event.data as { department: string }).department);
      if (owned.length === 1) data.item = owned[0].item;
    }
    return { ...event, applicationId: application.id, data } as DomainEvent;
  }
}
