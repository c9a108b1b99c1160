import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Variables } from '@tongban/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig, DomainError, activeTraceparent } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { returnedRows } from '../control/returned-rows.util';
import { failpoint } from '../failpoints/failpoint';
import { instances } from '../persistence/instance.repository';
import { CorrelateMessageCommand, type DeliveryOutcome } from '../commands/correlate-message.command';
import { OutboxSignal } from '../outbox/outbox-signal';
import { correlationLockSql, DELIVERY_GRACE_MS, MESSAGE_TOPIC, SIGNAL_TOPIC, type Delivery, type DeliveryTarget } from './message.topics';
import { ROW_REGION } from '../database/region-filter';

export interface PublishMessageInput {
  name: string;
  correlationKey?: string | null;
  variables?: Variables;
  /** The publisher's id of the message: a second message with the same id is refused while the first is kept. */
  messageId?: string;
  /** How long the message waits for a subscriber when none waits now, in ms; 0 = not buffered. */
  timeToLive?: number;
  actor: string | null;
  /** The owner of cases a start event starts (`ownerOf` the publisher). */
  owner?: string | null;
}

export interface PublishResult {
  id: string;
  messageId?: string;
  /** Instances a waiting subscription of which received the message. */
  correlated: string[];
  /** Instances started by a message (or signal) start event. */
  started: string[];
  /** No subscriber waited: the message waits for the first one until it expires. */
  buffered: boolean;
}

export interface PublishSignalInput {
  name: string;
  variables?: Variables;
  signalId?: string;
  actor: string | null;
  /** The owner of cases a start event starts (`ownerOf` the publisher). */
  owner?: string | null;
  /** The instance whose signal throw event published it: the cases it starts have that instance's owner. */
  thrownBy?: string;
}

/** Published messages and signals are remembered this long after they expire (duplicate ids are refused meanwhile). */
export const MESSAGE_RETENTION_MS = 24 * 3600 * 1000;

export { SuspendedTargetError } from '../commands/correlate-message.command';

/** Publishes messages and signals to waiting subscriptions and start events, each delivery exactly once. */
@Injectable()
export class MessageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly correlateMessage: CorrelateMessageCommand,
    private readonly outboxSignal: OutboxSignal,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Publish command. ONE transaction under the lock of (name, correlation key) that subscribing
   * takes too: refuses a live duplicate `messageId` (409 MESSAGE_DUPLICATE); finds the waiting
   * subscriptions (one per instance) and the message start events of the latest versions; writes
   * the `published_message` row (state delivering, buffered or dropped) and, per target, a delayed
   * outbox delivery as a safety net. After commit every target is delivered at once; a delivery is
   * recorded in `message_delivery` in the target's own transaction, so the safety net (or a retry)
   * never delivers twice.
   */
  async publish(input: PublishMessageInput): Promise<PublishResult> {
    const id = randomUUID();
    const correlationKey = input.correlationKey ?? null;
    const variables = input.variables ?? {};
    const ttl = Math.max(0, input.timeToLive ?? 0);
    const now = this.clock.now();
    const deliveries = await this.dataSource.transaction(async (manager) => {
      await manager.query(correlationLockSql(), [input.name, correlationKey]);
      if (input.messageId !== undefined) await this.refuseDuplicate(manager, input.messageId);
      const subscriptions = (await manager.query(
        `SELECT DISTINCT ON (instance_id) instance_id, element_key FROM message_subscription
          WHERE message_name = $1 AND correlation_key IS NOT DISTINCT FROM $2 ORDER BY instance_id, created_at`,
        [input.name, correlationKey],
      )) as { instance_id: string; element_key: string }[];
      const starts = await this.startEvents(manager, 'message', 'messageName', input.name);
      const targets: DeliveryTarget[] = [
        ...subscriptions.map((s) => ({ kind: 'subscription' as const, instanceId: s.instance_id, key: s.element_key })),
        ...starts,
      ];
      const state = targets.length > 0 ? 'delivering' : ttl > 0 ? 'buffered' : 'dropped';
      await this.insertPublished(manager, { id, kind: 'message', name: input.name, correlationKey, messageId: input.messageId, variables, state, createdAt: now, expiresAt: new Date(now.getTime() + ttl), actor: input.actor });
      return this.writeDeliveries(manager, id, 'message', targets, variables, now, input.owner);
    });
    failpoint('after-commit-before-enqueue');
    const result: PublishResult = { id, ...(input.messageId !== undefined ? { messageId: input.messageId } : {}), correlated: [], started: [], buffered: deliveries.length === 0 && ttl > 0 };
    await this.deliverAll(deliveries, result);
    await this.dataSource.query(`UPDATE published_message SET result = $2, state = CASE WHEN state = 'delivering' THEN 'delivered' ELSE state END WHERE id = $1`, [id, JSON.stringify(result)]);
    return result;
  }

  /**
   * Signal command: ONE transaction records the signal and a delayed outbox delivery per signal
   * subscription and signal start event (of the latest versions); after commit each is delivered
   * at once, exactly once (as messages are).
   */
  async broadcast(input: PublishSignalInput): Promise<PublishResult> {
    const id = randomUUID();
    const variables = input.variables ?? {};
    const now = this.clock.now();
    const deliveries = await this.dataSource.transaction(async (manager) => {
      if (input.signalId !== undefined) await this.refuseDuplicate(manager, input.signalId);
      const subscriptions = (await manager.query(`SELECT instance_id, element_key FROM signal_subscription WHERE signal_name = $1 ORDER BY created_at`, [input.name])) as {
        instance_id: string;
        element_key: string;
      }[];
      const starts = await this.startEvents(manager, 'signal', 'signalName', input.name);
      const targets: DeliveryTarget[] = [...subscriptions.map((s) => ({ kind: 'subscription' as const, instanceId: s.instance_id, key: s.element_key })), ...starts];
      await this.insertPublished(manager, { id, kind: 'signal', name: input.name, correlationKey: null, messageId: input.signalId, variables, state: 'delivering', createdAt: now, expiresAt: now, actor: input.actor });
      const owner = input.owner ?? (input.thrownBy ? await instances.ownerOf(manager, input.thrownBy) : null);
      return this.writeDeliveries(manager, id, 'signal', targets, variables, now, owner);
    });
    failpoint('after-commit-before-enqueue');
    const result: PublishResult = { id, correlated: [], started: [], buffered: false };
    await this.deliverAll(deliveries, result);
    await this.dataSource.query(`UPDATE published_message SET result = $2, state = 'delivered' WHERE id = $1`, [id, JSON.stringify(result)]);
    return result;
  }

  /** See `CorrelateMessageCommand`. */
  deliver(delivery: Delivery, options: { retryWhileSuspended?: boolean } = {}): Promise<DeliveryOutcome> {
    return this.correlateMessage.run(delivery, options);
  }

  /** Deletes published messages and their deliveries kept longer than the retention. */
  async cleanup(): Promise<void> {
    await this.dataSource.query(
      `WITH gone AS (DELETE FROM published_message WHERE greatest(expires_at, created_at) < $2::timestamptz - $1 * interval '1 millisecond' RETURNING id)
       DELETE FROM message_delivery WHERE message_id IN (SELECT id FROM gone)`,
      [MESSAGE_RETENTION_MS, this.clock.now()],
    );
  }

  private async refuseDuplicate(manager: EntityManager, messageId: string): Promise<void> {
    const [existing] = (await manager.query(`SELECT id, result FROM published_message WHERE message_id = $1`, [messageId])) as { id: string; result: unknown }[];
    if (existing) {
      throw new DomainError('MESSAGE_DUPLICATE', `A message with id ${messageId} was already published`, { messageId, id: existing.id, ...(existing.result ? { result: existing.result } : {}) });
    }
  }

  private async insertPublished(
    manager: EntityManager,
    row: { id: string; kind: string; name: string; correlationKey: string | null; messageId?: string; variables: Variables; state: string; createdAt: Date; expiresAt: Date; actor: string | null },
  ): Promise<void> {
    if (row.messageId !== undefined) {
      const inserted = await manager.query(
        `INSERT INTO published_message (id, kind, name, correlation_key, message_id, variables, state, expires_at, created_at, published_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $9) ON CONFLICT (message_id) WHERE message_id IS NOT NULL DO NOTHING RETURNING id`,
        [row.id, row.kind, row.name, row.correlationKey, row.messageId, JSON.stringify(row.variables), row.state, row.expiresAt, row.actor, row.createdAt],
      );
      if (returnedRows(inserted).length !== 1) await this.refuseDuplicate(manager, row.messageId);
      return;
    }
    await manager.query(
      `INSERT INTO published_message (id, kind, name, correlation_key, message_id, variables, state, expires_at, created_at, published_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $9)`,
      [row.id, row.kind, row.name, row.correlationKey, row.messageId ?? null, JSON.stringify(row.variables), row.state, row.expiresAt, row.actor, row.createdAt],
    );
  }

  /** Start events of the latest version of every process that start on this message or signal name. */
  private async startEvents(manager: EntityManager, kind: 'message' | 'signal', nameField: 'messageName' | 'signalName', name: string): Promise<DeliveryTarget[]> {
    const rows = (await manager.query(
      `SELECT d.id AS definition_id, e.key AS element_id
         FROM process_definition d, jsonb_each(d.model->'elements') e
        WHERE d.version = (SELECT max(l.version) FROM process_definition l WHERE l.key = d.key)
          AND e.value->>'type' = 'startEvent' AND e.value->>'scope' = d.key
          AND e.value->'event'->>'kind' = $1 AND e.value->'event'->>$2 = $3`,
      [kind, nameField, name],
    )) as { definition_id: string; element_id: string }[];
    return rows.map((r) => ({ kind: 'start' as const, definitionId: r.definition_id, startEventId: r.element_id }));
  }

  private async writeDeliveries(manager: EntityManager, messageId: string, event: 'message' | 'signal', targets: DeliveryTarget[], variables: Variables, now: Date, owner?: string | null): Promise<Delivery[]> {
    const deliveries = targets.map((target) => ({ messageId, event, target, variables, ...(owner ? { owner } : {}) }));
    if (deliveries.length > 0) {
      const availableAt = new Date(now.getTime() + DELIVERY_GRACE_MS);
      const topic = event === 'message' ? MESSAGE_TOPIC : SIGNAL_TOPIC;
      await manager.query(
        `INSERT INTO outbox (region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent)
         SELECT ${ROW_REGION}, $5, $1, $2, NULL, p, $3, $6, $7 FROM jsonb_array_elements($4::jsonb) p`,
        [topic, `${event}.deliver`, availableAt, JSON.stringify(deliveries), this.config.queuePrefix, now, activeTraceparent()],
      );
    }
    return deliveries;
  }

  private async deliverAll(deliveries: Delivery[], result: PublishResult): Promise<void> {
    for (const delivery of deliveries) {
      const outcome = await this.deliver(delivery);
      if (outcome?.correlated) result.correlated.push(outcome.correlated);
      if (outcome?.started) result.started.push(outcome.started);
    }
    if (deliveries.length > 0) this.outboxSignal.ring();
  }
}
