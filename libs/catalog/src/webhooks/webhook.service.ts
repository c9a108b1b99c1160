import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, DOMAIN_EVENT_TYPES, hasRole, isDomainEventType, NotFoundError, QueueProducer, type Actor, type Clock, type DomainEvent, regionContext } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { CatalogDomainError } from '../nest/catalog-domain.error';
import { WEBHOOK_DELIVERY_TOPIC, webhookJobOptions } from './webhook-delivery.queue';
import { webhookSettings } from './webhook-settings';
import { privateAddressProblem, webhookUrlProblem } from './webhook-url';
import { webhooks, type WebhookDelivery, type WebhookSubscription } from './webhook.repository';

/** Integrators' webhook subscriptions, their delivery log, and the fan-out of events to them. */
@Injectable()
export class WebhookService {
  readonly settings = webhookSettings(process.env);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Subscribes the caller. Refuses with 400 VALIDATION_FAILED: a URL that is not http(s), one that
   * reaches a loopback or private address in production (unless allowed), an unknown event type.
   * The secret, generated when not given, is in this answer only.
   */
  async subscribe(input: { url: string; eventTypes: string[]; secret?: string }, actor: Actor): Promise<WebhookSubscription & { secret: string }> {
    const problem = webhookUrlProblem(input.url) ?? (await privateAddressProblem(input.url, this.settings.allowPrivate));
    if (problem) throw new CatalogDomainError('VALIDATION_FAILED', `url ${problem}`, { field: 'url', reason: problem });
    const unknown = input.eventTypes.filter((t) => !isDomainEventType(t));
    if (unknown.length > 0) {
      throw new CatalogDomainError('VALIDATION_FAILED', `eventTypes: ${unknown.join(', ')} not among ${DOMAIN_EVENT_TYPES.join(', ')}`, { field: 'eventTypes', unknown, known: DOMAIN_EVENT_TYPES });
    }
    const subscription = { id: randomUUID(), owner: actor.name, url: input.url, eventTypes: [...new Set(input.eventTypes)], active: true, createdAt: this.clock.now(), secret: input.secret ?? randomBytes(32).toString('base64url') };
    await webhooks.insertSubscription(this.dataSource.manager, subscription);
    return subscription;
  }

  /** The caller's subscriptions (an admin's: everyone's). */
  list(actor: Actor): Promise<WebhookSubscription[]> {
    return webhooks.subscriptions(this.dataSource.manager, hasRole(actor, 'admin') ? undefined : actor.name);
  }

  /** A subscription of the caller's (an admin may see any); 404 for another's. */
  async get(id: string, actor: Actor): Promise<WebhookSubscription> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await webhooks.subscription(this.dataSource.manager, id) : undefined;
    if (!found || (!hasRole(actor, 'admin') && found.owner !== actor.name)) throw new NotFoundError('webhook', id);
    const { secret: _secret, ...shown } = found;
    void _secret;
    return shown;
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.get(id, actor);
    await webhooks.deleteSubscription(this.dataSource.manager, id);
  }

  /** The latest deliveries of a subscription with every attempt's status and response excerpt. */
  async deliveries(id: string, actor: Actor, limit = 50): Promise<WebhookDelivery[]> {
    await this.get(id, actor);
    return webhooks.deliveries(this.dataSource.manager, id, limit);
  }

  /** Sends a delivery again (after it failed, or to repeat it), with a fresh round of attempts. */
  async redeliver(id: string, deliveryId: string, actor: Actor): Promise<WebhookDelivery> {
    await this.get(id, actor);
    const delivery = (await webhooks.deliveries(this.dataSource.manager, id, 1000)).find((d) => d.id === deliveryId);
    if (!delivery) throw new NotFoundError('webhook delivery', deliveryId);
    await webhooks.markPending(this.dataSource.manager, deliveryId);
    await this.producer.queue(WEBHOOK_DELIVERY_TOPIC).add('deliver', { deliveryId, outboxRegion: regionContext.current()?.home ?? undefined }, webhookJobOptions(this.settings, `webhook-${deliveryId}-${randomUUID()}`));
    return { ...delivery, state: 'pending' };
  }

  /**
   * Fan-out of one event inside the caller's transaction: a delivery row per subscription the caller
   * found active for its type, unique per event and subscription (a repeated event adds none; a
   * subscription removed since adds none either). Returns the deliveries' ids for `enqueue` after commit.
   */
  async fanOut(m: EntityManager, event: DomainEvent, subscriptionIds: string[]): Promise<string[]> {
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, applicationId: event.applicationId, processInstanceId: event.processInstanceId, data: event.data });
    const ids: string[] = [];
    for (const subscriptionId of subscriptionIds) {
      const id = await webhooks.insertDelivery(m, { id: randomUUID(), subscriptionId, eventId: event.id, eventType: event.type, body, createdAt: this.clock.now() });
      if (id) ids.push(id);
    }
    return ids;
  }

  /** A BullMQ job per committed delivery under the id `webhook-<delivery>`, so a repeat adds no second job. */
  async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.producer.queue(WEBHOOK_DELIVERY_TOPIC).addBulk(deliveryIds.map((deliveryId) => ({ name: 'deliver', data: { deliveryId, outboxRegion: regionContext.current()?.home ?? undefined }, opts: webhookJobOptions(this.settings, `webhook-${deliveryId}`) })));
  }
}
