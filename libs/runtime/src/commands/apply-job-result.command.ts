import { Injectable } from '@nestjs/common';
import { EngineError } from '@tongban/engine';
import { DomainError } from '@tongban/kernel';
import { InstanceSuspendedError } from '../instances/command-executor';
import type { JobResult } from '../jobs/job.types';
import { CompleteJobCommand } from './complete-job.command';
import { FailJobCommand } from './fail-job.command';
import { ThrowJobErrorCommand } from './throw-job-error.command';

/** The job's instance is suspended: the result is retried later rather than dropped. */
export class SuspendedJobError extends Error {
  readonly retryable = true;
}

/**
 * Apply-job-result command: a result a department's worker put on the results queue, applied as the
 * REST command would be (complete, fail with no retries left, or throw a BPMN error), once — a job no
 * longer open (completed over REST, failed, withdrawn) or gone ignores it. A result for a suspended
 * instance throws `SuspendedJobError` and is retried with backoff (BullMQ attempts), landing once the
 * instance is resumed.
 */
@Injectable()
export class ApplyJobResultCommand {
  constructor(
    private readonly completeJob: CompleteJobCommand,
    private readonly failJob: FailJobCommand,
    private readonly throwJobError: ThrowJobErrorCommand,
  ) {}

  async run(result: JobResult): Promise<void> {
    const actor = actorOf(result);
    const source = { fromQueue: true };
    try {
      if (result.outcome === 'completed') await this.completeJob.run(result.jobId, result.variables, actor, source);
      else if (result.outcome === 'error') await this.throwJobError.run(result.jobId, result, actor, source);
      else await this.failJob.run(result.jobId, { errorMessage: result.errorMessage, retries: 0 }, actor, source);
    } catch (error) {
      settle(error);
    }
  }

  /**
   * Results a worker holds at once: the jobs read in one query, the completions of jobs of different
   * instances applied in ONE transaction (`CompleteJobCommand.runAllFromQueue`; should one fail,
   * each is applied on its own), every other result (a BPMN error, a failure, a second result for an
   * instance of the batch) with `run`. Answers each result's outcome as `run` would, in the order given.
   */
  async runAll(results: readonly JobResult[]): Promise<PromiseSettledResult<void>[]> {
    const outcomes = new Array<PromiseSettledResult<void>>(results.length);
    const loaded = await this.completeJob.jobsOf(results.filter((r) => r.outcome === 'completed' && UUID.test(r.jobId)).map((r) => r.jobId));
    const batched: number[] = [];
    const alone: number[] = [];
    const instancesTaken = new Set<string>();
    results.forEach((result, i) => {
      const job = result.outcome === 'completed' ? loaded.get(result.jobId) : undefined;
      if (result.outcome === 'completed' && UUID.test(result.jobId) && !job) outcomes[i] = { status: 'fulfilled', value: undefined }; // gone: nothing to apply
      else if (job && !instancesTaken.has(job.instance_id)) {
        instancesTaken.add(job.instance_id);
        batched.push(i);
      } else alone.push(i);
    });
    const applied = await this.completeJob.runAllFromQueue(batched.map((i) => {
      const result = results[i] as Extract<JobResult, { outcome: 'completed' }>;
      return { job: loaded.get(result.jobId)!, variables: result.variables, actor: actorOf(result) };
    }));
    applied.forEach((outcome, k) => {
      if (outcome.status === 'fulfilled') outcomes[batched[k]] = outcome;
      else {
        try {
          settle(outcome.reason);
          outcomes[batched[k]] = { status: 'fulfilled', value: undefined };
        } catch (error) {
          outcomes[batched[k]] = { status: 'rejected', reason: error };
        }
      }
    });
    for (const i of alone) {
      outcomes[i] = await this.run(results[i]).then(
        (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined }),
        (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason }),
      );
    }
    return outcomes;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function actorOf(result: JobResult): string | null {
  return result.workerId ? `worker:${result.workerId}` : null;
}

/** A result the job no longer takes (not open, gone, its wait withdrawn) is dropped; a suspended instance retries it later; anything else is rethrown. */
function settle(error: unknown): void {
  if (error instanceof InstanceSuspendedError) throw new SuspendedJobError(error.message);
  if (error instanceof DomainError && (error.code === 'JOB_NOT_ACTIVE' || error.code === 'NOT_FOUND')) return;
  if (error instanceof EngineError) return;
  throw error;
}
