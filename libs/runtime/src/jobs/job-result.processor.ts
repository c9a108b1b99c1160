import { Injectable } from '@nestjs/common';
import { failpoint } from '../failpoints/failpoint';
import { JobHandler } from '../queues/job-handler.decorator';
import { JobService } from './job.service';
import { JOB_RESULTS_TOPIC, type JobResult } from './job.types';
import { ResultBatcher } from './result-batcher';

/** Results this process's BullMQ consumer holds at once; they are applied in batches of up to RESULTS_PER_BATCH. */
const RESULTS_CONCURRENCY = 64;
/** Results per transaction: enough to pay for its commit many times over, few enough that a batch that has to fall back (each result alone) stays short. */
const RESULTS_PER_BATCH = 32;

/**
 * Applies the results department workers put on the results queue, each once. The results held at
 * once are applied together (`ResultBatcher`, `JobService.applyResults`: the completions of different
 * instances in one transaction); each BullMQ job is acknowledged once its own result is applied.
 */
@Injectable()
export class JobResultProcessor {
  private readonly batcher: ResultBatcher<JobResult>;

  constructor(private readonly jobs: JobService) {
    this.batcher = new ResultBatcher((results) => this.jobs.applyResults(results), RESULTS_PER_BATCH);
  }

  @JobHandler(JOB_RESULTS_TOPIC, { concurrency: RESULTS_CONCURRENCY })
  async result(payload: Record<string, unknown>): Promise<void> {
    await this.batcher.apply(payload as unknown as JobResult);
    failpoint('after-apply-before-ack');
  }
}
