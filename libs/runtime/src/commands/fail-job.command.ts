import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { JobQueueWithdrawal } from '../jobs/job-queue.withdrawal';
import { jobs } from '../persistence/job.repository';
import type { JobResultSource } from './complete-job.command';
import { JobCommandRunner, jobNotActive } from './job-command.runner';

/** A worker's failure report. */
export interface JobFailure {
  errorMessage: string;
  /** Retries left, as the worker counts them. */
  retries: number;
  /** How long to wait before the job may be activated again, in ms. */
  retryBackoff?: number;
}

/**
 * Fail-job command: a system task's worker reports that the job failed.
 *
 * Refusals: 404 for a missing job; 409 JOB_NOT_ACTIVE when it is no longer open.
 * With retries left, ONE statement makes the job activatable again after the backoff (`available_at`)
 * with the retries the worker reports. With none left, ONE transaction (the instance command): the
 * instance row read and locked; `UPDATE job SET state = 'failed', retries = 0, error_message` while
 * open; the engine's `failJob` raises an incident on the element, resolved by an operator
 * (`POST /incidents/:id/resolve {retries}`); the instance commit. After commit, a job failed over
 * REST has its queue message taken off its queue.
 */
@Injectable()
export class FailJobCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobCommandRunner,
    private readonly withdrawal: JobQueueWithdrawal,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, failure: JobFailure, actor: string | null, source: JobResultSource = {}): Promise<void> {
    const job = await this.runner.load(id);
    if (failure.retries > 0) {
      if (!(await jobs.retryLater(this.dataSource.manager, id, job.region, failure.retries, failure.errorMessage, failure.retryBackoff ?? 0, this.clock.now()))) throw jobNotActive(id);
      return;
    }
    await this.runner.run(job, { type: 'failJob', key: job.element_key, errorMessage: failure.errorMessage }, actor, async (manager) => {
      if (!(await jobs.resolve(manager, job.id, { outcome: 'failed', errorMessage: failure.errorMessage }, this.clock.now()))) throw jobNotActive(job.id);
    });
    if (!source.fromQueue) await this.withdrawal.withdraw([job]);
  }
}
