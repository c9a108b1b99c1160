import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable runtime: timers, message and signal subscriptions, published messages and their
 * deliveries, system-task jobs, idempotency keys, and instance suspension.
 */
export class DurableRuntime1763790000000 implements MigrationInterface {
  name = 'DurableRuntime1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance ADD COLUMN suspended boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE timer (
        id uuid PRIMARY KEY,
        instance_id uuid REFERENCES process_instance(id),
        definition_id uuid NOT NULL REFERENCES process_definition(id),
        element_id text NOT NULL,
        element_key text,
        state text NOT NULL,
        due_at timestamptz NOT NULL,
        repetitions_left integer,
        interval_ms bigint,
        fired_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        fired_at timestamptz,
        ended_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX timer_instance_key ON timer (instance_id, element_key) WHERE instance_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX timer_start_event ON timer (definition_id, element_id) WHERE instance_id IS NULL`);
    await q.query(`CREATE INDEX timer_due ON timer (due_at) WHERE state = 'scheduled'`);
    await q.query(`
      CREATE TABLE message_subscription (
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        element_key text NOT NULL,
        element_id text NOT NULL,
        message_name text NOT NULL,
        correlation_key text,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (instance_id, element_key)
      )`);
    await q.query(`CREATE INDEX message_subscription_name ON message_subscription (message_name, correlation_key)`);
    await q.query(`
      CREATE TABLE signal_subscription (
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        element_key text NOT NULL,
        element_id text NOT NULL,
        signal_name text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (instance_id, element_key)
      )`);
    await q.query(`CREATE INDEX signal_subscription_name ON signal_subscription (signal_name)`);
    await q.query(`
      CREATE TABLE published_message (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        correlation_key text,
        message_id text,
        variables jsonb NOT NULL DEFAULT '{}',
        state text NOT NULL,
        result jsonb,
        expires_at timestamptz NOT NULL,
        consumed_by uuid,
        created_at timestamptz NOT NULL,
        published_by text
      )`);
    await q.query(`CREATE UNIQUE INDEX published_message_message_id ON published_message (message_id) WHERE message_id IS NOT NULL`);
    await q.query(`CREATE INDEX published_message_buffered ON published_message (name, correlation_key, created_at) WHERE state = 'buffered'`);
    await q.query(`
      CREATE TABLE message_delivery (
        message_id uuid NOT NULL,
        target text NOT NULL,
        delivered_at timestamptz NOT NULL,
        PRIMARY KEY (message_id, target)
      )`);
    await q.query(`
      CREATE TABLE job (
        id uuid PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        process_key text NOT NULL,
        element_id text NOT NULL,
        element_key text NOT NULL,
        type text NOT NULL,
        state text NOT NULL,
        retries integer NOT NULL,
        worker text,
        deadline timestamptz,
        available_at timestamptz NOT NULL,
        variables jsonb NOT NULL DEFAULT '{}',
        error_message text,
        error_code text,
        resolve_retries integer,
        activation_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        activated_at timestamptz,
        ended_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX job_open_element ON job (instance_id, element_key) WHERE state IN ('activatable', 'activated')`);
    await q.query(`CREATE INDEX job_activatable ON job (type, available_at) WHERE state = 'activatable'`);
    await q.query(`CREATE INDEX job_deadline ON job (deadline) WHERE state = 'activated'`);
    await q.query(`CREATE INDEX job_instance ON job (instance_id)`);
    await q.query(`
      CREATE TABLE idempotency_key (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        instance_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_key_created ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_key', 'job', 'message_delivery', 'published_message', 'signal_subscription', 'message_subscription', 'timer']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`ALTER TABLE process_instance DROP COLUMN IF EXISTS suspended`);
  }
}
