/**
 * The BullMQ queues the outbox publishes to. Internal topics are consumed by Tongban's own
 * processors; `jobs.<type>` queues carry system tasks to whichever worker serves that job type
 * (a department's own system, in its own process).
 */
export const OutboxTopic = {
  /** Asynchronous continuations (commit points) taken up by a worker. */
  continuation: 'continuation',
  /** Call activities: a child to start, a child's result for its parent. */
  calls: 'calls',
  /** Timers due at `available_at` (published as delayed jobs). */
  timers: 'timers',
  /** Messages and signals thrown by instances. */
  messages: 'messages',
  signals: 'signals',
  /** Domain events (`DomainEvent`), made into notifications and webhook deliveries. */
  events: 'events',
} as const;

export type InternalTopic = (typeof OutboxTopic)[keyof typeof OutboxTopic];

/** The queue of system tasks of one job type. */
export function jobTopic(jobType: string): string {
  return `jobs.${jobType.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}
