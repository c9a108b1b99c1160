import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, JobHandler, webhookDeliveries, type Clock, type JobInfo } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { WEBHOOK_DELIVERY_TOPIC } from './webhook-delivery.queue';
import { webhookSignature } from './webhook-signature';
import { privateAddressProblem } from './webhook-url';
import { webhooks } from './webhook.repository';
import { WebhookService } from './webhook.service';

const EXCERPT = 500;

/** A failed attempt: BullMQ tries again after the backoff until the attempts are used up. */
class WebhookAttemptFailed extends Error {}

/**
 * Sends one webhook delivery per job: a signed POST of the event, a 2xx within the timeout is
 * success. Every attempt is logged with its status and the start of the response body; a failure
 * throws so BullMQ retries with exponential backoff, and the last one leaves the delivery `failed`
 * (a manual redeliver starts again).
 */
@Injectable()
export class WebhookDeliveryProcessor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly service: WebhookService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @JobHandler(WEBHOOK_DELIVERY_TOPIC)
  async deliver(payload: Record<string, unknown>, job: JobInfo): Promise<void> {
    const m = this.dataSource.manager;
    const delivery = await webhooks.deliveryToSend(m, String(payload.deliveryId));
    if (!delivery || delivery.state === 'delivered') return;
    const subscription = await webhooks.subscription(m, delivery.subscriptionId);
    if (!subscription) return;
    const settings = this.service.settings;
    const last = job.attemptsMade + 1 >= settings.attempts;
    const started = Date.now();
    const at = this.clock.now();
    const outcome = await this.send(subscription.url, subscription.secret, delivery, settings.timeoutMs, settings.allowPrivate, at);
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    await webhooks.recordAttempt(m, delivery.id, { attempt: delivery.attempts + 1, ...outcome, durationMs: Date.now() - started, at }, ok ? 'delivered' : last ? 'failed' : 'pending');
    webhookDeliveries.inc({ outcome: ok ? 'delivered' : last ? 'failed' : 'retry' });
    if (!ok) throw new WebhookAttemptFailed(`webhook ${delivery.id} to ${subscription.url}: ${outcome.status ?? outcome.error}`);
  }

  private async send(url: string, secret: string, delivery: { id: string; eventType: string; body: string }, timeoutMs: number, allowPrivate: boolean, at: Date) {
    const blocked = await privateAddressProblem(url, allowPrivate);
    if (blocked) return { status: null, error: blocked, responseExcerpt: null };
    const timestamp = String(Math.floor(at.getTime() / 1000));
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Tongban-Webhooks',
          'X-Tongban-Event': delivery.eventType,
          'X-Tongban-Delivery': delivery.id,
          'X-Tongban-Timestamp': timestamp,
          'X-Tongban-Signature': webhookSignature(secret, timestamp, delivery.body),
        },
        body: delivery.body,
      });
      const text = await response.text().catch(() => '');
      return { status: response.status, error: null, responseExcerpt: text.slice(0, EXCERPT) };
    } catch (error) {
      const e = error as Error;
      return { status: null, error: e.name === 'TimeoutError' ? `no response within ${timeoutMs} ms` : e.message, responseExcerpt: null };
    }
  }
}
