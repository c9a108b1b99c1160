import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobHandler, OutboxTopic, type DomainEvent } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { WebhookService } from '../webhooks/webhook.service';
import { NotificationService } from './notification.service';

/**
 * Takes each domain event off the `events` queue once the outbox relayed it: ONE transaction makes
 * its notifications (unique per event and recipient) and its webhook delivery rows (unique per event
 * and subscription); after commit the delivery jobs are added under ids derived from the delivery, so
 * a repeated event job — BullMQ retrying after a crash — adds nothing twice.
 */
@Injectable()
export class DomainEventProcessor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationService,
    private readonly webhooks: WebhookService,
  ) {}

  @JobHandler(OutboxTopic.events)
  async handle(payload: Record<string, unknown>): Promise<void> {
    const event = payload.event as DomainEvent;
    const deliveries = await this.dataSource.transaction(async (m) => {
      await this.notifications.fromEvent(m, event);
      return this.webhooks.fanOut(m, event);
    });
    await this.webhooks.enqueue(deliveries);
  }
}
