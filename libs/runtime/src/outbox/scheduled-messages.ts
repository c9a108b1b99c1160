import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RUNTIME_CONFIG, activeTraceparent, type RuntimeConfig } from '@tongban/kernel';
import { outboxWritten } from './outbox-signal';
import { ROW_REGION } from '../database/region-filter';

/** A message due at `at` on the queue `topic`, written at `now`. */
export interface ScheduledMessage {
  topic: string;
  type: string;
  payload: Record<string, unknown>;
  at: Date;
  now: Date;
}

/**
 * Durable messages due at a time, for packages above the runtime (a deadline, a reminder): an
 * outbox row written in the caller's transaction, published by the relay as a job delayed until
 * `at` on the queue `topic`, republished after a loss of Redis. Delivery is at least once: the
 * handler (`@JobHandler(topic)`) must find out from its own rows whether it already acted.
 */
@Injectable()
export class ScheduledMessages {
  constructor(@Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig) {}

  /** The outbox row, in the caller's transaction; the relays are signalled once it committed. */
  async schedule(manager: EntityManager, message: ScheduledMessage): Promise<void> {
    await manager.query(
      `INSERT INTO outbox (region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent) VALUES (${ROW_REGION}, $1, $2, $3, NULL, $4, $5, $6, $7)`,
      [this.config.queuePrefix, message.topic, message.type, JSON.stringify(message.payload), message.at, message.now, activeTraceparent()],
    );
    outboxWritten(manager);
  }

  /**
   * Several messages in ONE statement: their outbox rows (in the order given); one signal after
   * commit — the relay reads every unpublished row of the prefix on one.
   */
  async scheduleMany(manager: EntityManager, messages: readonly ScheduledMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (messages.length === 1) return this.schedule(manager, messages[0]!);
    await manager.query(
      `INSERT INTO outbox (region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent)
         SELECT ${ROW_REGION}, $1, m.topic, m.type, NULL, m.payload, m.available_at, m.created_at, $7 FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::timestamptz[]) WITH ORDINALITY AS m(topic, type, payload, available_at, created_at, n) ORDER BY m.n`,
      [
        this.config.queuePrefix, messages.map((m) => m.topic), messages.map((m) => m.type), messages.map((m) => JSON.stringify(m.payload)),
        messages.map((m) => m.at), messages.map((m) => m.now), activeTraceparent(),
      ],
    );
    outboxWritten(manager);
  }
}
