import { ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

/** An integrator's subscription; the secret is shown once, when it is made. */
export interface WebhookSubscription {
  id: string;
  owner: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: Date;
}

export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  /** The event as sent (the request body). */
  event: Record<string, unknown>;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  log: WebhookAttempt[];
}

/** One HTTP attempt: the response status (null on a timeout or network error) and the start of its body. */
export interface WebhookAttempt {
  attempt: number;
  status: number | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
  at: Date;
}

/** The columns a subscription is read with (`subscriptionOf`; its secret only where it is needed). */
const SUBSCRIPTION_COLUMNS = 'id, owner, url, event_types, active, created_at';

/* eslint-disable @typescript-eslint/no-explicit-any */
const subscriptionOf = (r: any): WebhookSubscription => ({ id: r.id, owner: r.owner, url: r.url, eventTypes: r.event_types, active: r.active, createdAt: r.created_at });
const attemptOf = (r: any): WebhookAttempt => ({ attempt: r.attempt, status: r.status, error: r.error, responseExcerpt: r.response_excerpt, durationMs: r.duration_ms, at: r.at });
const deliveryOf = (r: any, log: WebhookAttempt[]): WebhookDelivery => ({
  id: r.id, subscriptionId: r.subscription_id, eventId: r.event_id, eventType: r.event_type, event: JSON.parse(r.body), state: r.state, attempts: r.attempts, createdAt: r.created_at, deliveredAt: r.delivered_at, log,
});
/* eslint-enable @typescript-eslint/no-explicit-any */

/** `webhook_subscription`, `webhook_delivery`, `webhook_attempt`. */
export const webhooks = {
  async insertSubscription(m: EntityManager, s: WebhookSubscription & { secret: string }): Promise<void> {
    await m.query(`INSERT INTO webhook_subscription (id, owner, url, event_types, secret, active, created_at) VALUES ($1, $2, $3, $4, $5, true, $6)`,
      [s.id, s.owner, s.url, s.eventTypes, s.secret, s.createdAt]);
  },

  async subscriptions(m: EntityManager, owner: string | undefined): Promise<WebhookSubscription[]> {
    const rows = await m.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription ${owner ? 'WHERE owner = $1' : ''} ORDER BY created_at, id`, owner ? [owner] : []);
    return rows.map(subscriptionOf);
  },

  async subscription(m: EntityManager, id: string): Promise<(WebhookSubscription & { secret: string }) | undefined> {
    const rows = await m.query(`SELECT ${SUBSCRIPTION_COLUMNS}, secret FROM webhook_subscription WHERE id = $1`, [id]);
    return rows[0] ? { ...subscriptionOf(rows[0]), secret: rows[0].secret } : undefined;
  },

  async deleteSubscription(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM webhook_subscription WHERE id = $1`, [id]);
  },

  /** The delivery of an event to a subscription, once: the id of the row kept; none when the subscription is no longer active. */
  async insertDelivery(m: EntityManager, d: { id: string; subscriptionId: string; eventId: string; eventType: string; body: string; createdAt: Date }): Promise<string | undefined> {
    const rows = await m.query(
      `INSERT INTO webhook_delivery (region, id, subscription_id, event_id, event_type, body, state, created_at)
       SELECT ${ROW_REGION}, $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, 'pending', $6::timestamptz WHERE EXISTS (SELECT 1 FROM webhook_subscription s WHERE s.id = $2::uuid AND s.active)
       ON CONFLICT (event_id, subscription_id) DO UPDATE SET event_id = EXCLUDED.event_id RETURNING id`,
      [d.id, d.subscriptionId, d.eventId, d.eventType, d.body, d.createdAt],
    );
    return rows[0]?.id;
  },

  async deliveryToSend(m: EntityManager, id: string): Promise<{ id: string; subscriptionId: string; eventType: string; body: string; state: string; attempts: number } | undefined> {
    const rows = await m.query(`SELECT id, subscription_id, event_type, body, state, attempts FROM webhook_delivery WHERE id = $1`, [id]);
    return rows[0] ? { id: rows[0].id, subscriptionId: rows[0].subscription_id, eventType: rows[0].event_type, body: rows[0].body, state: rows[0].state, attempts: rows[0].attempts } : undefined;
  },

  /** Logs an attempt and moves the delivery to `state` in one statement. */
  async recordAttempt(m: EntityManager, id: string, a: WebhookAttempt, state: 'pending' | 'delivered' | 'failed'): Promise<void> {
    await m.query(
      `WITH logged AS (INSERT INTO webhook_attempt (region, delivery_id, attempt, status, error, response_excerpt, duration_ms, at) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, $7))
       UPDATE webhook_delivery SET attempts = attempts + 1, state = $8, delivered_at = CASE WHEN $8 = 'delivered' THEN $7::timestamptz ELSE delivered_at END WHERE id = $1`,
      [id, a.attempt, a.status, a.error, a.responseExcerpt, a.durationMs, a.at, state],
    );
  },

  async markPending(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE webhook_delivery SET state = 'pending' WHERE id = $1`, [id]);
  },

  async deliveries(m: EntityManager, subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await m.query(`SELECT id, subscription_id, event_id, event_type, body, state, attempts, created_at, delivered_at FROM webhook_delivery WHERE subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [subscriptionId, limit]);
    if (rows.length === 0) return [];
    const attempts = await m.query(`SELECT delivery_id, attempt, status, error, response_excerpt, duration_ms, at FROM webhook_attempt WHERE delivery_id = ANY($1::uuid[]) ORDER BY id`, [rows.map((r: { id: string }) => r.id)]);
    return rows.map((r: { id: string }) => deliveryOf(r, attempts.filter((a: { delivery_id: string }) => a.delivery_id === r.id).map(attemptOf)));
  },
};
