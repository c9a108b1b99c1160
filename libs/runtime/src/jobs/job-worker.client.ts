import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobTopic } from '../outbox/outbox.topics';
import { connectRedis } from '../queues/connect-redis';
import { STALL_OPTIONS } from '../queues/worker-options';
import { BpmnError } from './bpmn-error';
import { JOB_GROUP_NAME, JOB_REPORT_OPTIONS, JOB_RESULT_OPTIONS, JOB_RESULTS_TOPIC, jobResultJobId, jobWithdrawnKey, messagesOf, type JobMessage, type JobMessageGroup, type JobResult } from './job.types';
import { ResultBatcher } from './result-batcher';

/** Results put on the results queue as one job, at most. */
const RESULTS_PER_REPORT = 32;
/** How long a report waits, at most, for the outcomes of the handlers still running. */
const REPORT_LINGER_MS = 2;
/** The first wait before a failed message of a group runs again (doubled each time), as BullMQ's backoff of an outbox job. */
const RETRY_DELAY_MS = 250;

/** Handlers running at once: `take` waits for a free slot, `give` frees one. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

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
  /** Job messages worked on at once (default 8), whether they come alone or in groups. */
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
 * A BullMQ job may carry a group of job messages (`JobMessageGroup`, when Tongban's relay runs with
 * `TONGBAN_JOB_GROUP_SIZE` above 1): each message whose job was not withdrawn meanwhile (ended over
 * REST or cancelled: `jobWithdrawnKey`, read once for the group) runs in a slot of its own, within
 * `concurrency` handlers at once; its outcome is reported as a lone message's is. A failure with
 * attempts left is retried here, after 250 ms doubled each time, so the group's other messages do not
 * run again; the group completes once every outcome was reported (one that could not be is retried by
 * BullMQ with the whole group: a result reported twice is applied once).
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
  // also where a group's withdrawal marks are read
  const commands = connect(false);
  const results = new Queue(JOB_RESULTS_TOPIC, { connection: commands, prefix });
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
  const concurrency = options.concurrency ?? 8;
  const queue = jobTopic(options.type);
  // the handlers running at once, whether their messages came alone or in groups
  const slots = new Slots(concurrency);

  /** Runs one message's handler in a slot: its outcome, or the error to retry on when it failed with attempts left after `made`. */
  const attempt = async (message: JobMessage, made: number): Promise<JobResult | { retry: unknown }> => {
    await slots.take();
    running++;
    try {
      const variables = (await options.handler(message)) ?? {};
      return { jobId: message.jobId, outcome: 'completed', variables };
    } catch (error) {
      if (error instanceof BpmnError) return { jobId: message.jobId, outcome: 'error', errorCode: error.code, errorMessage: error.message, variables: error.variables };
      if (made + 1 < Math.max(1, message.retries)) return { retry: error };
      return { jobId: message.jobId, outcome: 'failed', errorMessage: (error as Error)?.message ?? String(error) };
    } finally {
      running--;
      slots.give();
    }
  };
  const report = (result: JobResult) => {
    if (workerId) result.workerId = workerId;
    return reports.apply(result);
  };

  /** A lone message: a failure with attempts left is BullMQ's to retry (the job's own attempts and backoff). */
  const runAlone = async (job: Job, message: JobMessage) => {
    const result = await attempt(message, job.attemptsMade);
    if ('retry' in result) {
      reports.recheck();
      throw result.retry;
    }
    await report(result);
  };

  /**
   * A message of a group: retried here, after BullMQ's backoff for an outbox job (250 ms doubled each time), so that
   * the group's other messages do not run again; its outcome reported on its own.
   */
  const runInGroup = async (message: JobMessage) => {
    for (let made = 0; ; made++) {
      const result = await attempt(message, made);
      if (!('retry' in result)) return report(result);
      reports.recheck();
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * 2 ** made));
    }
  };

  /** Runs the messages of a group whose jobs were not withdrawn; the group completes once each outcome was reported. */
  const runGroup = async (messages: JobMessage[]) => {
    const withdrawn = await commands.mget(...messages.map((message) => jobWithdrawnKey(prefix, queue, message.jobId)));
    const outcomes = await Promise.allSettled(messages.filter((_, i) => withdrawn[i] === null).map(runInGroup));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  };

  const worker = new Worker(
    queue,
    async (job: Job) => {
      if (job.name === JOB_GROUP_NAME) await runGroup(messagesOf(job.data as JobMessageGroup));
      else await runAlone(job, job.data as JobMessage);
    },
    // the acknowledgements of one report's jobs (and their fetches of the next) leave in one write
    { connection: connect(true), prefix, concurrency, ...STALL_OPTIONS },
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
