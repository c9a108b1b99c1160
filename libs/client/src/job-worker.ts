import type { components } from './openapi.types';
import { createTongbanClient, TongbanApiError, unwrap, type TongbanClient } from './tongban-client';

/** A job handed to a worker's handler. */
export type ActivatedJob = components['schemas']['JobDto'];

/** Thrown by a handler to raise a BPMN error (caught by an error boundary event or event subprocess). */
export class JobBpmnError extends Error {
  constructor(
    readonly errorCode: string,
    message?: string,
    readonly variables?: Record<string, unknown>,
  ) {
    super(message ?? errorCode);
    this.name = 'JobBpmnError';
  }
}

export interface JobWorkerOptions {
  baseUrl: string;
  /** An API key whose job-type scopes include `type`. */
  apiKey: string;
  type: string;
  /** Works one job: returns the result variables (completes it); throws `JobBpmnError` for a BPMN error, anything else fails it. */
  handler: (job: ActivatedJob) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
  /** The worker's name in the jobs it holds (default `tongban-job-worker`). */
  worker?: string;
  /** Jobs activated per request (default 10). */
  maxJobs?: number;
  /** Milliseconds a job stays with this worker before it is handed out again (default 60 000). */
  timeout?: number;
  /** Long poll: milliseconds each activation waits for jobs (default 20 000). */
  requestTimeout?: number;
  /** Milliseconds before a failed job may be activated again (default 5 000). */
  retryBackoff?: number;
  /** Told about failures of the loop itself (an unreachable server, a refused key); the loop goes on after `retryBackoff`. */
  onError?: (error: unknown) => void;
  /** A client to use instead of one made from baseUrl and apiKey. */
  client?: TongbanClient;
}

export interface JobWorker {
  /** Jobs this worker has completed, failed or ended with a BPMN error so far. */
  readonly handled: number;
  /** Stops activating (an open long poll is aborted) and waits for the jobs in hand to finish. */
  stop(): Promise<void>;
}

/**
 * A job worker over REST, Camunda 8 style: it long-polls `POST /api/v1/jobs/activate` for its type,
 * runs the handler on each job and reports the outcome (complete, fail with one retry less, throw
 * error). It needs nothing but the base URL and an API key scoped to the job type: no Redis.
 */
export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const client = options.client ?? createTongbanClient({ baseUrl: options.baseUrl, apiKey: options.apiKey });
  const abort = new AbortController();
  let handled = 0;
  let running = true;

  const work = async (job: ActivatedJob): Promise<void> => {
    const path = { params: { path: { id: job.id } } };
    try {
      const variables = (await options.handler(job)) ?? {};
      unwrap(await client.POST('/api/v1/jobs/{id}/complete', { ...path, body: { variables } }));
    } catch (error) {
      if (error instanceof TongbanApiError) throw error;
      if (error instanceof JobBpmnError) {
        unwrap(await client.POST('/api/v1/jobs/{id}/throw-error', { ...path, body: { errorCode: error.errorCode, errorMessage: error.message, variables: error.variables } }));
      } else {
        const retries = Math.max(0, job.retries - 1);
        unwrap(await client.POST('/api/v1/jobs/{id}/fail', { ...path, body: { errorMessage: (error as Error)?.message ?? String(error), retries, retryBackoff: options.retryBackoff ?? 5_000 } }));
      }
    }
    handled++;
  };

  const loop = (async () => {
    while (running) {
      try {
        const { jobs } = unwrap(await client.POST('/api/v1/jobs/activate', {
          body: { type: options.type, maxJobs: options.maxJobs ?? 10, workerId: options.worker ?? 'tongban-job-worker', timeout: options.timeout ?? 60_000, requestTimeout: options.requestTimeout ?? 20_000 },
          signal: abort.signal,
        }));
        await Promise.all(jobs.map((job) => work(job).catch((error) => options.onError?.(error))));
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, options.retryBackoff ?? 5_000));
      }
    }
  })();

  return {
    get handled() {
      return handled;
    },
    async stop() {
      running = false;
      abort.abort();
      await loop;
    },
  };
}
