import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus registry of this process: Node's own metrics (`process_*`, `nodejs_*`) and every
 * `tongban_*` metric below. Counters and histograms are recorded where the work happens; the gauges
 * of stored state (outbox, queues, timers, incidents, tasks) are sampled when `/metrics` is read.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Latency buckets of requests and commands, in seconds: 1 ms … 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'tongban_http_request_duration_seconds',
  help: 'HTTP requests of the api by route template (not by URL: ids do not make new series), method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const commandDuration = new Histogram({
  name: 'tongban_command_duration_seconds',
  help: 'Durable commands (one transaction each) by engine command type and outcome (ok, conflict, refused, error)',
  labelNames: ['command', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const commandConflicts = new Counter({
  name: 'tongban_command_conflicts_total',
  help: 'Commands that lost the instance version race (or a deadlock) and were re-run',
  labelNames: ['command'] as const,
  registers: [metricsRegistry],
});

export const groupCommitWaiting = new Gauge({
  name: 'tongban_group_commit_waiting',
  help: 'Task completions of this api waiting for a group commit slot (TONGBAN_GROUP_COMMIT)',
  registers: [metricsRegistry],
});

export const groupCommitRunning = new Gauge({
  name: 'tongban_group_commit_running',
  help: 'Task completion transactions of this api in flight, at most its group commit slots (TONGBAN_GROUP_COMMIT)',
  registers: [metricsRegistry],
});

export const groupCommitSize = new Histogram({
  name: 'tongban_group_commit_size',
  help: 'Task completions applied in one transaction by a group commit (a lone one is 1)',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  registers: [metricsRegistry],
});

export const engineSteps = new Counter({
  name: 'tongban_engine_steps_total',
  help: 'Engine runs (start or command) by command type',
  labelNames: ['command'] as const,
  registers: [metricsRegistry],
});

export const engineEffects = new Counter({
  name: 'tongban_engine_effects_total',
  help: 'Effects the engine produced (tasks, timers, jobs, outbox work, …) by effect type',
  labelNames: ['effect'] as const,
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: 'tongban_job_duration_seconds',
  help: 'BullMQ jobs processed by this worker, by queue and outcome (ok, failed)',
  labelNames: ['queue', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const timersFired = new Counter({
  name: 'tongban_timers_fired_total',
  help: 'Timer firings applied (an instance timer or a timer start event)',
  registers: [metricsRegistry],
});

export const webhookDeliveries = new Counter({
  name: 'tongban_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome (delivered, retry, failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const outboxPublished = new Counter({
  name: 'tongban_outbox_published_total',
  help: 'Outbox rows the relay published to BullMQ',
  registers: [metricsRegistry],
});

/** Sets the sampled gauges from stored state; run on every read of `/metrics`. */
export type MetricsSampler = (gauges: SampledGauges) => Promise<void>;

/** The gauges of stored state, set by the samplers of the packages owning that state. */
export interface SampledGauges {
  outboxPending: Gauge<string>;
  outboxLag: Gauge<string>;
  queueJobs: Gauge<'queue' | 'state'>;
  queueOldestJobAge: Gauge<'queue'>;
  timersDue: Gauge<string>;
  timersScheduled: Gauge<string>;
  incidentsOpen: Gauge<'type'>;
  tasksOpen: Gauge<'department'>;
  tasksByClockStatus: Gauge<'department' | 'status'>;
}

const samplers = new Set<MetricsSampler>();

/** Adds a sampler (a package's collector of stored state); the returned function removes it again. */
export function addMetricsSampler(sampler: MetricsSampler): () => void {
  samplers.add(sampler);
  return () => samplers.delete(sampler);
}

const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> =>
  new Gauge<L>({ name, help, labelNames, registers: [metricsRegistry] });

const gauges: SampledGauges = {
  outboxPending: gauge('tongban_outbox_pending', 'Outbox rows of this deployment not yet published'),
  outboxLag: gauge('tongban_outbox_lag_seconds', 'Age of the oldest due, unpublished outbox row (0 when none): how far the relay is behind'),
  queueJobs: gauge('tongban_queue_jobs', 'BullMQ jobs by queue and state (waiting, active, delayed, failed)', ['queue', 'state']),
  queueOldestJobAge: gauge('tongban_queue_oldest_job_age_seconds', 'Age of the oldest waiting job of a queue (0 when none)', ['queue']),
  timersDue: gauge('tongban_timers_due', 'Scheduled timers already due but not fired yet'),
  timersScheduled: gauge('tongban_timers_scheduled', 'Scheduled timers'),
  incidentsOpen: gauge('tongban_incidents_open', 'Open incidents by type', ['type']),
  tasksOpen: gauge('tongban_tasks_open', 'Open human tasks by department', ['department']),
  tasksByClockStatus: gauge('tongban_tasks_open_by_clock_status', 'Open human tasks with a time limit by department and warning colour (normal, yellow, red, overdue)', ['department', 'status']),
};

/** The text exposition of every metric, after running the samplers (a failing sampler leaves its gauges as they were). */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  await Promise.all([...samplers].map((sampler) => sampler(gauges).catch(() => undefined)));
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
