import { OutboxTopic } from '../outbox/outbox.topics';

/** Internal queue of message and signal deliveries (and of messages thrown by instances). */
export const MESSAGE_TOPIC = OutboxTopic.messages;
export const SIGNAL_TOPIC = OutboxTopic.signals;

/** Where one published message or signal goes: a waiting subscription, or a start event. */
export type DeliveryTarget =
  | { kind: 'subscription'; instanceId: string; key: string }
  | { kind: 'start'; definitionId: string; startEventId: string };

/** A delivery job: the published message, its target and its variables. */
export interface Delivery {
  messageId: string;
  /** `message` correlates, `signal` triggers. */
  event: 'message' | 'signal';
  target: DeliveryTarget;
  variables: Record<string, unknown>;
  /** The owner of a case the delivery starts: the publisher's (`ownerOf`), so an integrator sees what its message started. */
  owner?: string | null;
}

/** Safety net: an outbox delivery is taken up by a worker only if the api did not deliver at once. */
export const DELIVERY_GRACE_MS = 10_000;

/** Serialises publishing and subscribing for one message name and correlation key. */
export function correlationLockSql(): string {
  return `SELECT pg_advisory_xact_lock(hashtext('message:' || $1 || ':' || coalesce($2, '')))`;
}
