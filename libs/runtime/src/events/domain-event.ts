/**
 * The catalogue of domain events: what happened to a case that people and integrators are told
 * about. Every package publishes them through the outbox (`DomainEventOutbox`) in the transaction
 * of the change, so an event exists exactly when its change committed; notifications and webhooks
 * are made from them. Events carry ids and codes, never personal data.
 */
export interface DomainEventData {
  /** An application was accepted and its process started. */
  'application.accepted': { bundleCode: string; applicantCode: string; departments: string[] };
  /** A department returned the case for correction (补正) with its one-time notice. */
  'correction.requested': { department: string; taskId?: string; applicantCode?: string };
  /** A time limit reached its yellow or red warning, or ran out. */
  'clock.warning': { level: 'yellow' | 'red' | 'overdue'; department?: string; taskId?: string; dueAt?: string; scope?: 'task' | 'item' | 'case'; item?: string };
  /** A department decided its item (approve, reject, or a decision its step declares). */
  'item.decided': { department: string; elementId: string; item?: string; decision: string; taskId: string; applicantCode?: string };
  /** A department terminated its item of a running case (终止办理), with its opinion as the notice. */
  'item.terminated': { department: string; item: string; comment: string; applicantCode?: string };
  /** A result certificate was issued to the case. */
  'certificate.issued': { certificateId: string; type: string; item: string; applicantCode?: string };
  /** The case's process ended (`completed`, `terminated`, `cancelled`); `outcome` is what the case came to, where known. */
  'case.finished': { status: string; outcome?: string | null; applicantCode?: string };
  /** The applicant rated the case (好差评); `poor` when a follow-up was opened for `departments`. */
  'rating.received': { level: number; poor: boolean; departments: string[] };
  /** Someone urged (催办) the holder of a task. */
  'task.urged': { taskId: string; department: string | null; assignee: string | null; by: string };
}

export type DomainEventType = keyof DomainEventData;

/** Every event type, for validating subscriptions. */
export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  'application.accepted', 'correction.requested', 'clock.warning', 'item.decided', 'certificate.issued', 'case.finished', 'rating.received', 'task.urged', 'item.terminated',
];

export function isDomainEventType(type: unknown): type is DomainEventType {
  return typeof type === 'string' && (DOMAIN_EVENT_TYPES as readonly string[]).includes(type);
}

/** One event as published: `id` is unique and names the event in every notification and webhook delivery made from it. */
export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  id: string;
  type: T;
  occurredAt: string;
  applicationId?: string;
  processInstanceId?: string;
  data: DomainEventData[T];
}
