import { Injectable } from '@nestjs/common';
import { failpoint } from '../failpoints/failpoint';
import { JobHandler } from '../queues/job-handler.decorator';
import { JobService } from './job.service';
import { JOB_RESULTS_TOPIC, type JobResult } from './job.types';

/** Applies the results department workers put on the results queue, each once. */
@Injectable()
export class JobResultProcessor {
  constructor(private readonly jobs: JobService) {}

  @JobHandler(JOB_RESULTS_TOPIC)
  async result(payload: Record<string, unknown>): Promise<void> {
    await this.jobs.applyResult(payload as unknown as JobResult);
    failpoint('after-apply-before-ack');
  }
}
