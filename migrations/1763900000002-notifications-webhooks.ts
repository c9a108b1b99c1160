import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Made from domain events: in-app notifications (one per event and recipient — a user, a
 * department's queue or an applicant) and outgoing webhooks (integrators' subscriptions, one
 * delivery per event and subscription, every attempt logged with its response).
 */
export class NotificationsWebhooks1763900000002 implements MigrationInterface {
  name = 'NotificationsWebhooks1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notification (
      id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      recipient_kind text NOT NULL,
      recipient text NOT NULL,
      application_id uuid,
      title text NOT NULL,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      UNIQUE (event_id, recipient_kind, recipient))`);
    await q.query(`CREATE INDEX notification_recipient ON notification (recipient_kind, recipient, created_at DESC)`);
    await q.query(`CREATE TABLE webhook_subscription (
      id uuid PRIMARY KEY,
      owner text NOT NULL,
      url text NOT NULL,
      event_types text[] NOT NULL,
      secret text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE webhook_delivery (
      id uuid PRIMARY KEY,
      subscription_id uuid NOT NULL REFERENCES webhook_subscription(id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      state text NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      delivered_at timestamptz,
      UNIQUE (event_id, subscription_id))`);
    await q.query(`CREATE INDEX webhook_delivery_subscription ON webhook_delivery (subscription_id, created_at DESC)`);
    await q.query(`CREATE TABLE webhook_attempt (
      id bigserial PRIMARY KEY,
      delivery_id uuid NOT NULL REFERENCES webhook_delivery(id) ON DELETE CASCADE,
      attempt int NOT NULL,
      status int,
      error text,
      response_excerpt text,
      duration_ms int NOT NULL,
      at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_attempt`);
    await q.query(`DROP TABLE IF EXISTS webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS webhook_subscription`);
    await q.query(`DROP TABLE IF EXISTS notification`);
  }
}
