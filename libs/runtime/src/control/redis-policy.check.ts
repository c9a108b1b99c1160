import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { RedisConnections } from '../queues/redis-connections';

export interface RedisPolicy {
  maxmemoryPolicy?: string;
  appendonly?: string;
}

/** What is wrong with a Redis that carries BullMQ queues; empty when nothing is. */
export function redisPolicyWarnings(policy: RedisPolicy, production: boolean): string[] {
  const warnings: string[] = [];
  if (policy.maxmemoryPolicy !== undefined && policy.maxmemoryPolicy !== 'noeviction') {
    warnings.push(`Redis maxmemory-policy is "${policy.maxmemoryPolicy}": Redis may evict queued jobs; set it to "noeviction"`);
  }
  if (production && policy.appendonly !== undefined && policy.appendonly !== 'yes') {
    warnings.push('Redis AOF is off (appendonly no): a Redis restart loses queued jobs until the outbox and the sweeper re-publish them; set appendonly yes');
  }
  return warnings;
}

/** At start, warns when Redis may evict keys, and in production when it does not persist with AOF. */
@Injectable()
export class RedisPolicyCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Redis');

  constructor(
    private readonly connections: RedisConnections,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const policy = await this.read();
    for (const warning of redisPolicyWarnings(policy, this.config.production)) this.logger.warn(warning);
  }

  /** CONFIG GET where allowed, else INFO (managed Redis often disables CONFIG). */
  async read(): Promise<RedisPolicy> {
    const redis = this.connections.create();
    try {
      const probe = async (): Promise<RedisPolicy> => {
        try {
          const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
          const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
          return { maxmemoryPolicy: policy, appendonly: aof };
        } catch {
          const info = await redis.info();
          const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
          const aof = field('aof_enabled');
          return { maxmemoryPolicy: field('maxmemory_policy'), appendonly: aof === undefined ? undefined : aof === '1' ? 'yes' : 'no' };
        }
      };
      return await Promise.race([probe(), new Promise<RedisPolicy>((resolve) => setTimeout(() => resolve({}), 2_000).unref())]);
    } finally {
      redis.disconnect();
    }
  }
}
