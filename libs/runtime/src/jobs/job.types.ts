import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';

/** What the BullMQ queue of a job type carries for a department's worker. */
export interface JobMessage {
  jobId: string;
  /** The BullMQ job id of this message. */
  queueJobId: string;
  instanceId: string;
  processKey: string;
  /** The element instance key the job belongs to. */
  key: string;
  elementId: string;
  jobType: string;
  retries: number;
  variables: Record<string, unknown>;
  /** Static task headers of the element (`zeebe:taskHeaders`). */
  customHeaders: Record<string, string>;
}

/** What a department's worker reports on the results queue; applied once by Tongban's worker. */
export type JobResult =
  | { jobId: string; outcome: 'completed'; variables?: Record<string, unknown>; workerId?: string }
  | { jobId: string; outcome: 'error'; errorCode: string; errorMessage?: string; variables?: Record<string, unknown>; workerId?: string }
  | { jobId: string; outcome: 'failed'; errorMessage: string; workerId?: string };

/** The BullMQ job id of a job's message on its type's queue (withdrawn when the job ends elsewhere). */
export function jobQueueJobId(jobId: string): string {
  return `job-${jobId}`;
}

/**
 * What a BullMQ job of a type's queue carries when the outbox relay groups job messages
 * (`TONGBAN_JOB_GROUP_SIZE` above 1): several job messages of the type, each run and reported on its own.
 */
export interface JobMessageGroup {
  messages: JobMessage[];
}

/** The BullMQ job name of a group of job messages (a lone message is `job.created`). */
export const JOB_GROUP_NAME = 'job.group';

/** The job messages a BullMQ job of a type's queue carries, whichever its shape (one message or a group). */
export function messagesOf(data: JobMessage | JobMessageGroup): JobMessage[] {
  return 'messages' in data && Array.isArray(data.messages) ? data.messages : [data as JobMessage];
}

/**
 * The BullMQ job id of a group of job messages: a digest of its job ids, so a re-publish of the same rows
 * (the relay crashed between adding and marking) adds no second group.
 */
export function jobGroupId(jobIds: readonly string[]): string {
  return `jobs-${createHash('sha1').update(jobIds.join(',')).digest('hex')}`;
}

/**
 * The Redis key saying that a job's message must not be run: the job ended elsewhere (served over REST,
 * cancelled) while its message sat in a group, which cannot be taken off the queue alone. Under the queue's
 * prefix, so it shares the queue's hash tag on a Redis Cluster.
 */
export function jobWithdrawnKey(prefix: string, queue: string, jobId: string): string {
  return `${prefix}:${queue}:withdrawn:${jobId}`;
}

/**
 * How long a withdrawal mark is kept: a day, past the backlog a served queue holds. A group taken later runs the
 * message, whose result is then ignored (its job is no longer open), as a message taken before the withdrawal is.
 */
export const JOB_WITHDRAWN_TTL_SECONDS = 24 * 3600;

/** The queue on which department workers report job results. */
export const JOB_RESULTS_TOPIC = 'job-results';

/** The job id of a result on the results queue: a worker reporting the same job twice adds one result. */
export function jobResultJobId(jobId: string): string {
  return `result-${jobId}`;
}

/**
 * What a job on the results queue carries: one result (job id `result-<jobId>`), or several reported
 * at once by one worker (`{ results }`, job id `results-<uuid>`), applied together.
 */
export type JobResultsPayload = JobResult | { results: JobResult[] };

/** The results a results-queue job carries, whichever its shape. */
export function resultsOf(payload: JobResultsPayload): JobResult[] {
  return 'results' in payload && Array.isArray(payload.results) ? payload.results : [payload as JobResult];
}

/**
 * Delivery options of every results-queue job: retried with backoff; the newest 100,000 completed single results
 * (`result-<jobId>`) are kept, so a job reported twice adds one result, and Redis holds at most that many whatever
 * the rate (kept by age alone they grew with it: a day of results).
 */
export const JOB_RESULT_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 250 },
  removeOnComplete: { count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Delivery options of a report of several results (`results-<uuid>`): as a single result's, but removed once
 * applied. Its id is new with every report, so keeping it deduplicates nothing, and nothing reads a completed
 * report (the stranded-work sweep looks at failed ones): removing it is one `DEL` where keeping it would be a
 * `ZADD`, an `HSET` and a trim.
 */
export const JOB_REPORT_OPTIONS: JobsOptions = { ...JOB_RESULT_OPTIONS, removeOnComplete: true };

export type JobState = 'activatable' | 'activated' | 'completed' | 'failed' | 'cancelled';
