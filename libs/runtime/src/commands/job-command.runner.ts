import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError, type Command } from '@tongban/engine';
import { DomainError, NotFoundError } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CommandExecutor, type ExecuteOptions } from '../instances/command-executor';
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

  async run(job: JobRow, command: Command, actor: string | null, prepare: NonNullable<ExecuteOptions['prepare']>): Promise<void> {
    try {
      await this.executor.execute(job.instance_id, command, { actor, prepare });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) throw jobNotActive(job.id);
      throw error;
    }
  }
}
