import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RedisConnections } from './redis-connections';

/** One BullMQ `Queue` per topic, sharing one connection, under the configured prefix. */
@Injectable()
export class QueueProducer implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private connection?: ReturnType<RedisConnections['create']>;

  constructor(private readonly connections: RedisConnections) {}

  queue(topic: string): Queue {
    let queue = this.queues.get(topic);
    if (!queue) {
      queue = new Queue(topic, { connection: this.redis(), prefix: this.connections.prefix });
      queue.on('error', () => undefined);
      this.queues.set(topic, queue);
    }
    return queue;
  }

  /** The connection the queues share, for the plain commands that go with their jobs. */
  redis(): ReturnType<RedisConnections['create']> {
    this.connection ??= this.connections.create();
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }
}
