import { Inject, Injectable } from '@nestjs/common';
import type { Variables } from '@tongban/engine';
import { CLOCK, type Clock } from '../clock/clock';
import { InstanceSuspendedError } from '../instances/command-executor';
import { JobQueueWithdrawal } from '../jobs/job-queue.withdrawal';
import { jobs } from '../persistence/job.repository';
import type { JobResultSource } from './complete-job.command';
import { JobCommandRunner, jobNotActive } from './job-command.runner';

/** A BPMN error a worker throws. */
export interface JobBpmnError {
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

/**
 * Throw-error command: a system task's worker throws a BPMN error.
 *
 * Refusals: 404 for a missing job.
 * ONE transaction (the instance command): the instance row read and locked (409 INSTANCE_SUSPENDED
 * while suspended, although the engine's internal `throwError` is allowed then); `UPDATE job SET state = 'failed', error_code, error_message` while open (409
 * JOB_NOT_ACTIVE otherwise); the engine's `throwError`, caught by the nearest matching error
 * boundary or event subprocess, or an incident when nothing catches it; the instance commit. After
 * commit, an error thrown over REST has the job's queue message taken off its queue.
 */
@Injectable()
export class ThrowJobErrorCommand {
  constructor(
    private readonly runner: JobCommandRunner,
    private readonly withdrawal: JobQueueWithdrawal,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, error: JobBpmnError, actor: string | null, source: JobResultSource = {}): Promise<void> {
    const job = await this.runner.load(id);
    const command = { type: 'throwError' as const, key: job.element_key, errorCode: error.errorCode, errorMessage: error.errorMessage, variables: error.variables };
    await this.runner.run(job, command, actor, async (manager, instance) => {
      if (instance.suspended) throw new InstanceSuspendedError(job.instance_id);
      if (!(await jobs.resolve(manager, job.id, { outcome: 'error', errorCode: error.errorCode, errorMessage: error.errorMessage ?? null }, this.clock.now()))) throw jobNotActive(job.id);
    });
    if (!source.fromQueue) await this.withdrawal.withdraw([job]);
  }
}
