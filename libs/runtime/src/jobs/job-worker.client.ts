import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobTopic } from '../outbox/outbox.topics';
import { connectRedis } from '../queues/connect-redis';
import { STALL_OPTIONS } from '../queues/worker-options';
import { BpmnError } from './bpmn-error';
import { JOB_REPORT_OPTIONS, JOB_RESULT_OPTIONS, JOB_RESULTS_TOPIC, jobResultJobId, type JobMessage, type JobResult } from './job.types';
import { ResultBatcher } from './result-batcher';

/** Results put on the results queue as one job, at most. */
const RESULTS_PER_REPORT = 32;
/** How long a report waits, at most, for the outcomes of the handlers still running. */
const REPORT_LINGER_MS = 2;

export interface JobWorkerOptions {
  /** The Redis Tongban uses (on a Redis Cluster: the credentials, with `clusterNodes`). */
  redisUrl: string;
  /** The seed nodes of Tongban's Redis Cluster (`REDIS_CLUSTER_NODES`); `prefix` is then a hash tag. */
  clusterNodes?: { host: string; port: number }[];
  /** Tongban's queue prefix (`TONGBAN_QUEUE_PREFIX`, default `tongban`). */
  prefix?: string;
  /** The job type (`zeebe:taskDefinition type` / `tongban:taskType`) this worker serves. */
  type: string;
  /** Does the work; the variables it returns complete the job. Throw `BpmnError(code)` for a business error. */
  handler: (job: JobMessage) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
  /** Jobs worked on at once (default 8). */
  concurrency?: number;
  /** Name reported with every result. */
  workerId?: string;
}

export interface JobWorker {
  worker: Worker;
  close(): Promise<void>;
}

/**
 * A department's own system serving one job type, in its own process, with a BullMQ worker.
 *
 * Each job's outcome is put on Tongban's results queue, and Tongban's worker applies it to PostgreSQL
 * once, only while the job is still open: returned variables complete the job, `BpmnError` throws a
 * BPMN error, any other failure is retried by BullMQ until the job's retries are used up and then
 * fails the job (an incident). The outcomes of the jobs that end while a report is on its way are
 * put on the queue together, as ONE results-queue job (up to 32; a lone outcome under the job id
 * `result-<jobId>`); while other handlers are still running, a report waits for their outcomes up to
 * 2 ms (not at all when none is running). Each BullMQ job of the type completes once the report
 * carrying its outcome was added, so an outcome that could not be reported is worked on again. A
 * result reported twice is applied once. The jobs of one report are acknowledged together, their
 * Redis commands sent in one write (ioredis auto-pipelining).
 *
 * ```ts
 * const worker = createJobWorker({ redisUrl: 'redis://…', type: 'check-credit', handler: async (job) => ({ creditOk: true }) });
 * ```
 */
export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const prefix = options.prefix ?? 'tongban';
  const connections: Redis[] = [];
  const connect = (enableAutoPipelining: boolean) => {
    const connection = connectRedis({ redisUrl: options.redisUrl, redisClusterNodes: options.clusterNodes }, { maxRetriesPerRequest: null, enableOfflineQueue: true, enableAutoPipelining });
    connection.on('error', () => undefined);
    connections.push(connection);
    return connection;
  };
  const results = new Queue(JOB_RESULTS_TOPIC, { connection: connect(false), prefix });
  results.on('error', () => undefined);
  // handlers still running: their outcomes are on their way, and a report waits for them (briefly)
  let running = 0;
  const reports = new ResultBatcher<JobResult>(
    async (outcomes) => {
      if (outcomes.length === 1) await results.add(outcomes[0].outcome, outcomes[0], { ...JOB_RESULT_OPTIONS, jobId: jobResultJobId(outcomes[0].jobId) });
      else await results.add('results', { results: outcomes }, { ...JOB_REPORT_OPTIONS, jobId: `results-${randomUUID()}` });
      return outcomes.map(() => ({ status: 'fulfilled', value: undefined }));
    },
    RESULTS_PER_REPORT,
    { ms: REPORT_LINGER_MS, expecting: () => running > 0 },
  );
  const workerId = options.workerId;

  const worker = new Worker(
    jobTopic(options.type),
    async (job: Job) => {
      const message = job.data as JobMessage;
      let result: JobResult;
      running++;
      try {
        const variables = (await options.handler(message)) ?? {};
        result = { jobId: message.jobId, outcome: 'completed', variables };
      } catch (error) {
        if (error instanceof BpmnError) result = { jobId: message.jobId, outcome: 'error', errorCode: error.code, errorMessage: error.message, variables: error.variables };
        else if (job.attemptsMade + 1 < Math.max(1, message.retries)) {
          running--;
          reports.recheck();
          throw error;
        } else result = { jobId: message.jobId, outcome: 'failed', errorMessage: (error as Error)?.message ?? String(error) };
      }
      running--;
      if (workerId) result.workerId = workerId;
      await reports.apply(result);
    },
    // the acknowledgements of one report's jobs (and their fetches of the next) leave in one write
    { connection: connect(true), prefix, concurrency: options.concurrency ?? 8, ...STALL_OPTIONS },
  );
  worker.on('error', () => undefined);
  return {
    worker,
    async close() {
      await worker.close();
      await results.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
