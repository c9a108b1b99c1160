import { Injectable } from '@nestjs/common';
import { jobTopic } from '../outbox/outbox.topics';
import { QueueProducer } from '../queues/queue-producer';
import { jobQueueJobId } from './job.types';

/**
 * Takes the messages of ended jobs off their types' queues, so a type served over REST only does
 * not pile them up in Redis. Best effort: a message a department worker holds stays, and its result
 * is ignored.
 */
@Injectable()
export class JobQueueWithdrawal {
  constructor(private readonly producer: QueueProducer) {}

  async withdraw(jobs: { id: string; type: string }[]): Promise<void> {
    await Promise.all(jobs.map((job) => this.producer.queue(jobTopic(job.type)).remove(jobQueueJobId(job.id)).catch(() => 0)));
  }
}
