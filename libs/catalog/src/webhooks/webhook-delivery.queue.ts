import type { JobsOptions } from 'bullmq';
import type { WebhookSettings } from './webhook-settings';

/** The BullMQ queue webhook deliveries wait on; each job is one delivery, retried with exponential backoff. */
export const WEBHOOK_DELIVERY_TOPIC = 'webhook-deliveries';

export function webhookJobOptions(settings: WebhookSettings, jobId: string): JobsOptions {
  return {
    jobId,
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
