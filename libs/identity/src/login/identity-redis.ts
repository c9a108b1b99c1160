import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import IORedis, { type Redis } from 'ioredis';

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
    this.client = new IORedis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.prefix = `${config.queuePrefix}:identity`;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** Calls `onMessage` with every message published on `channel` by any process. */
  async subscribe(channel: string, onMessage: (message: string) => void): Promise<void> {
    this.subscriber ??= new IORedis(this.config.redisUrl, { maxRetriesPerRequest: null });
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
