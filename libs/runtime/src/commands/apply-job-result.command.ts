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
    const actor = result.workerId ? `worker:${result.workerId}` : null;
    const source = { fromQueue: true };
    try {
      if (result.outcome === 'completed') await this.completeJob.run(result.jobId, result.variables, actor, source);
      else if (result.outcome === 'error') await this.throwJobError.run(result.jobId, result, actor, source);
      else await this.failJob.run(result.jobId, { errorMessage: result.errorMessage, retries: 0 }, actor, source);
    } catch (error) {
      if (error instanceof InstanceSuspendedError) throw new SuspendedJobError(error.message);
      if (error instanceof DomainError && (error.code === 'JOB_NOT_ACTIVE' || error.code === 'NOT_FOUND')) return;
      if (error instanceof EngineError) return;
      throw error;
    }
  }
}
