import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RUNTIME_CONFIG, activeTraceparent, type RuntimeConfig } from '@tongban/kernel';
import { OUTBOX_CHANNEL } from './outbox-notifications';

/**
 * Durable messages due at a time, for packages above the runtime (a deadline, a reminder): an
 * outbox row written in the caller's transaction, published by the relay as a job delayed until
 * `at` on the queue `topic`, republished after a loss of Redis. Delivery is at least once: the
 * handler (`@JobHandler(topic)`) must find out from its own rows whether it already acted.
 */
@Injectable()
export class ScheduledMessages {
  constructor(@Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig) {}

  /** The outbox row and the outbox channel's notification (delivered on commit) in one statement. */
  async schedule(manager: EntityManager, message: { topic: string; type: string; payload: Record<string, unknown>; at: Date; now: Date }): Promise<void> {
    await manager.query(
      `WITH scheduled AS (INSERT INTO outbox (queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7))
       SELECT pg_notify($8, $1)`,
      [this.config.queuePrefix, message.topic, message.type, JSON.stringify(message.payload), message.at, message.now, activeTraceparent(), OUTBOX_CHANNEL],
    );
  }
}
