import { Injectable } from '@nestjs/common';
import { failpoint } from '../failpoints/failpoint';
import { JobHandler } from '../queues/job-handler.decorator';
import { QueueProducer } from '../queues/queue-producer';
import { JobService } from './job.service';
import { JOB_RESULT_OPTIONS, JOB_RESULTS_TOPIC, jobResultJobId, resultsOf, type JobResult, type JobResultsPayload } from './job.types';
import { ResultBatcher } from './result-batcher';

/** Results-queue jobs this process's BullMQ consumer holds at once; their results are applied in batches of up to RESULTS_PER_BATCH. */
const RESULTS_CONCURRENCY = 64;
/** Results per transaction: enough to pay for its commit many times over, few enough that a batch that has to fall back (each result alone) stays short. */
const RESULTS_PER_BATCH = 32;
/** How long a result split off a report waits before it is tried again on its own. */
const SPLIT_DELAY_MS = 250;

/**
 * Applies the results department workers put on the results queue, each once. The results held at
 * once are applied together (`ResultBatcher`, `JobService.applyResults`: the completions of different
 * instances in one transaction), whether they came one per job or several in one report; each
 * BullMQ job is acknowledged once its results are applied. A result of a report that could not be
 * applied (a lost race, a suspended instance, the database away) is put back on the queue on its own,
 * as `result-<jobId>` with the retries and backoff of a single result, and the report is acknowledged:
 * the results applied with it are not applied again, and the one left over is retried, failed and
 * recovered by the stranded-work sweep as any single result is.
 */
@Injectable()
export class JobResultProcessor {
  private readonly batcher: ResultBatcher<JobResult>;

  constructor(
    private readonly jobs: JobService,
    private readonly producer: QueueProducer,
  ) {
    this.batcher = new ResultBatcher((results) => this.jobs.applyResults(results), RESULTS_PER_BATCH);
  }

  @JobHandler(JOB_RESULTS_TOPIC, { concurrency: RESULTS_CONCURRENCY })
  async result(payload: Record<string, unknown>): Promise<void> {
    const report = payload as unknown as JobResultsPayload;
    if (!('results' in report)) {
      await this.batcher.apply(report);
      failpoint('after-apply-before-ack');
      return;
    }
    const results = resultsOf(report);
    const outcomes = await Promise.allSettled(results.map((result) => this.batcher.apply(result)));
    const left = results.filter((_, i) => outcomes[i].status === 'rejected');
    if (left.length > 0) {
      await this.producer.queue(JOB_RESULTS_TOPIC).addBulk(left.map((result) => ({
        name: result.outcome,
        data: result,
        opts: { ...JOB_RESULT_OPTIONS, jobId: jobResultJobId(result.jobId), delay: SPLIT_DELAY_MS },
      })));
    }
    failpoint('after-apply-before-ack');
  }
}
