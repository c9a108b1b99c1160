import { Inject, Injectable } from '@nestjs/common';
import type { Variables } from '@tongban/engine';
import { CLOCK, type Clock } from '../clock/clock';
import type { BatchedPrepare } from '../instances/command-executor';
import { JobCompletionParticipants } from '../jobs/job-completion.participant';
import { JobQueueWithdrawal } from '../jobs/job-queue.withdrawal';
import { jobs, type JobRow } from '../persistence/job.repository';
import { JobCommandRunner, jobNotActive, type JobCommandStep } from './job-command.runner';

/** Where a job result came from. */
export interface JobResultSource {
  /** From the job's own queue message, which its worker acknowledges itself (nothing to withdraw). */
  fromQueue?: boolean;
}

/**
 * Complete-job command: a system task's worker (REST or BullMQ) reports the job done with variables.
 *
 * Refusals: 404 for a missing job.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked (409 INSTANCE_SUSPENDED while suspended);
 * 2. `UPDATE job SET state = 'completed' WHERE id AND state IN (activatable, activated)` — no row
 *    (completed, failed or withdrawn already) → 409 JOB_NOT_ACTIVE and nothing is written;
 * 3. the participant registered for the job's type, if any, writes its own rows (a certificate) and
 *    history in the same transaction;
 * 4. the engine completes the job's wait key with the variables; the effects; the instance commit.
 * After commit, a job completed over REST has its queue message taken off its queue.
 */
@Injectable()
export class CompleteJobCommand {
  constructor(
    private readonly runner: JobCommandRunner,
    private readonly participants: JobCompletionParticipants,
    private readonly withdrawal: JobQueueWithdrawal,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, variables: Variables | undefined, actor: string | null, source: JobResultSource = {}): Promise<JobRow> {
    const job = await this.runner.load(id);
    const endedAt = this.clock.now();
    const step = this.step(job, variables, actor, endedAt);
    await this.runner.run(job, step.command, actor, step.prepare);
    if (!source.fromQueue) await this.withdrawal.withdraw([job]);
    return { ...job, state: 'completed', ended_at: endedAt, deadline: null };
  }

  /** The jobs of several results, read in one query (a job missing is missing from the answer). */
  jobsOf(ids: readonly string[]): Promise<Map<string, JobRow>> {
    return this.runner.loadMany(ids);
  }

  /**
   * Completions of jobs of different instances reported on the results queue, in one transaction
   * (`JobCommandRunner.runAll`), set-based: their instances read and locked in one statement, their job
   * rows completed in one, the instances committed in one (`CommandExecutor.executeAll`); each answers as `run` would (their messages are their workers' to
   * acknowledge: nothing to withdraw).
   */
  runAllFromQueue(completions: readonly { job: JobRow; variables: Variables | undefined; actor: string | null }[]): Promise<PromiseSettledResult<void>[]> {
    const endedAt = this.clock.now();
    const batched: BatchedPrepare = {
      // step 2 for the whole batch: one UPDATE of all its job rows; a job no longer open is refused (409 JOB_NOT_ACTIVE) and nothing of it written
      all: async (manager, indexes) => {
        const resolved = await jobs.resolveMany(manager, indexes.map((i) => completions[i].job.id), { outcome: 'completed' }, endedAt);
        return new Map(indexes.filter((i) => !resolved.has(completions[i].job.id)).map((i) => [i, jobNotActive(completions[i].job.id)]));
      },
      each: async (i, manager, instance, history) => {
        const { job } = completions[i];
        await this.participants.of(job.type)?.onJobCompleted({
          manager, instance, history, job: { id: job.id, type: job.type, elementId: job.element_id, key: job.element_key },
        });
      },
    };
    return this.runner.runAll(completions.map((c) => this.step(c.job, c.variables, c.actor, endedAt)), batched);
  }

  private step(job: JobRow, variables: Variables | undefined, actor: string | null, endedAt: Date): JobCommandStep {
    const participant = this.participants.of(job.type);
    return {
      job,
      actor,
      command: { type: 'completeJob', key: job.element_key, variables },
      prepare: async (manager, instance, history) => {
        if (!(await jobs.resolve(manager, job.id, { outcome: 'completed' }, endedAt))) throw jobNotActive(job.id);
        await participant?.onJobCompleted({
          manager, instance, history, job: { id: job.id, type: job.type, elementId: job.element_id, key: job.element_key },
        });
      },
    };
  }
}
