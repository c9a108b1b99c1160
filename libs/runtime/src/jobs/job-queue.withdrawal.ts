import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { jobTopic } from '../outbox/outbox.topics';
import { QueueProducer } from '../queues/queue-producer';
import { JOB_WITHDRAWN_TTL_SECONDS, jobQueueJobId, jobWithdrawnKey } from './job.types';

/**
 * Takes the messages of ended jobs off their types' queues, so a type served over REST only does
 * not pile them up in Redis. Best effort: a message a department worker holds stays, and its result
 * is ignored. With job groups (`TONGBAN_JOB_GROUP_SIZE` above 1) the message may sit in a group,
 * which cannot lose one message: the job is also marked withdrawn (`jobWithdrawnKey`, kept a day;
 * one `SET`) and the department worker skips it when it takes the group.
 */
@Injectable()
export class JobQueueWithdrawal {
  constructor(
    private readonly producer: QueueProducer,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async withdraw(jobs: { id: string; type: string }[]): Promise<void> {
    await Promise.all(jobs.map(async (job) => {
      const queue = jobTopic(job.type);
      await this.producer.queue(queue).remove(jobQueueJobId(job.id)).catch(() => 0);
      if (this.config.jobGroupSize > 1 && (this.config.jobGroupTypes?.includes(job.type) ?? true)) await this.producer.redis().set(jobWithdrawnKey(this.config.queuePrefix, queue, job.id), '1', 'EX', JOB_WITHDRAWN_TTL_SECONDS).catch(() => undefined);
    }));
  }
}
