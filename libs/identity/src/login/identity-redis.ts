import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import IORedis, { Cluster, type Redis, type RedisOptions } from 'ioredis';

/**
 * Identity's Redis: counters shared by every api process (sign-in limits, lockouts) and the channel
 * on which a revoked session or a disabled user is announced. Keys live under the deployment's
 * queue prefix.
 */
@Injectable()
export class IdentityRedis implements OnApplicationShutdown {
  readonly client: Redis;
  private subscriber?: Redis;
  readonly prefix: string;

  constructor(@Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig) {
    this.client = this.connect({ maxRetriesPerRequest: 2, lazyConnect: false });
    this.prefix = `${config.queuePrefix}:identity`;
  }

  /** One Redis server (`REDIS_URL`), Sentinel's primary (`REDIS_SENTINELS`) or a Redis Cluster (`REDIS_CLUSTER_NODES`), as the runtime's queues connect. */
  private connect(options: RedisOptions): Redis {
    const { redisUrl, redisClusterNodes, redisSentinels, redisSentinelName } = this.config;
    if (redisSentinels) {
      const url = new URL(redisUrl);
      const credentials = { ...(url.username && { username: decodeURIComponent(url.username) }), ...(url.password && { password: decodeURIComponent(url.password) }) };
      return new IORedis({ ...options, ...credentials, db: Number(url.pathname.slice(1) || 0), sentinels: redisSentinels, name: redisSentinelName ?? 'mymaster' });
    }
    if (!redisClusterNodes) return new IORedis(redisUrl, options);
    const url = new URL(redisUrl);
    const credentials = { ...(url.username && { username: decodeURIComponent(url.username) }), ...(url.password && { password: decodeURIComponent(url.password) }) };
    return new Cluster(redisClusterNodes, { redisOptions: { ...options, ...credentials } }) as unknown as Redis;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** Calls `onMessage` with every message published on `channel` by any process. */
  async subscribe(channel: string, onMessage: (message: string) => void): Promise<void> {
    this.subscriber ??= this.connect({ maxRetriesPerRequest: null });
    this.subscriber.on('message', (received: string, message: string) => {
      if (received === channel) onMessage(message);
    });
    await this.subscriber.subscribe(channel);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
    this.client.disconnect();
  }
}
