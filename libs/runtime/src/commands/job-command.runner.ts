import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError, type Command } from '@tongban/engine';
import { DomainError, NotFoundError } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CommandExecutor, type BatchedCommand, type BatchedPrepare, type ExecuteOptions } from '../instances/command-executor';
import { jobs, type JobRow } from '../persistence/job.repository';

/** 409 JOB_NOT_ACTIVE: the job was completed, failed or withdrawn already. */
export function jobNotActive(jobId: string): DomainError {
  return new DomainError('JOB_NOT_ACTIVE', `Job ${jobId} is no longer active`, { jobId });
}

/**
 * What the job commands share: the job read once (404), and the instance command whose engine no
 * longer waits at the job's key (the job's wait withdrawn, the instance ended) answering 409
 * JOB_NOT_ACTIVE like a job row no longer open.
 */
@Injectable()
export class JobCommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
  ) {}

  async load(id: string): Promise<JobRow> {
    const job = await jobs.read(this.dataSource.manager, id);
    if (!job) throw new NotFoundError('Job', id);
    return job;
  }

  /** Several jobs at once (one query); a job missing is missing from the answer. */
  async loadMany(ids: readonly string[]): Promise<Map<string, JobRow>> {
    const rows = await jobs.readMany(this.dataSource.manager, ids);
    return new Map(rows.map((row) => [row.id, row]));
  }

  async run(job: JobRow, command: Command, actor: string | null, prepare: NonNullable<ExecuteOptions['prepare']>): Promise<void> {
    try {
      await this.executor.execute(job.instance_id, command, { actor, prepare, region: job.region });
    } catch (error) {
      throw refusalOf(job, error);
    }
  }

  /**
   * Job commands of jobs of different instances in one transaction (`CommandExecutor.executeAll`,
   * set-based with `batched`): each answers as `run` would.
   */
  async runAll(steps: readonly JobCommandStep[], batched?: BatchedPrepare): Promise<PromiseSettledResult<void>[]> {
    const settled = await this.executor.executeAll(steps.map((step): BatchedCommand => ({ target: step.job.instance_id, command: step.command, options: { actor: step.actor, prepare: step.prepare, region: step.job.region } })), batched);
    return settled.map((outcome, i) => (outcome.status === 'fulfilled' ? { status: 'fulfilled', value: undefined } : { status: 'rejected', reason: refusalOf(steps[i].job, outcome.reason) }));
  }
}

/** One job command of a batch (`JobCommandRunner.runAll`). */
export interface JobCommandStep {
  job: JobRow;
  command: Command;
  actor: string | null;
  prepare: NonNullable<ExecuteOptions['prepare']>;
}

function refusalOf(job: JobRow, error: unknown): unknown {
  if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return jobNotActive(job.id);
  return error;
}
