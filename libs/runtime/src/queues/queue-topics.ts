import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { OutboxTopic } from '../outbox/outbox.topics';

/** The BullMQ queues of this deployment: the internal topics and every queue the outbox published to in the last day (`jobs.<type>`, catalog topics). */
@Injectable()
export class QueueTopics {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async list(): Promise<string[]> {
    const recent = (await this.dataSource.query(
      `SELECT DISTINCT topic FROM outbox WHERE queue_prefix = $1 AND created_at > now() - interval '1 day'`,
      [this.config.queuePrefix],
    )) as Array<{ topic: string }>;
    return [...new Set<string>([...Object.values(OutboxTopic), ...recent.map((r) => r.topic)])].sort();
  }
}
