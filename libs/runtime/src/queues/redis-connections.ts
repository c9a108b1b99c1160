import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { connectRedis } from './connect-redis';

/** Redis connections for BullMQ queues and workers; every connection opened here is closed at shutdown. */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly open = new Set<Redis>();

  constructor(@Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig) {}

  get prefix(): string {
    return this.config.queuePrefix;
  }

  /** A connection as BullMQ needs it: commands wait through reconnects instead of failing. */
  create(): Redis {
    return this.track(connectRedis(this.config, { maxRetriesPerRequest: null, enableReadyCheck: true }));
  }

  /** A connection for probes: a command fails at once while Redis is unreachable. */
  createProbe(): Redis {
    return this.track(connectRedis(this.config, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1_000 }));
  }

  /** Keeps the connection until it ends, to close it at shutdown; its errors surface as failed commands. */
  private track(connection: Redis): Redis {
    connection.on('error', () => undefined);
    this.open.add(connection);
    connection.once('end', () => this.open.delete(connection));
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.open].map(async (connection) => {
        if (connection.status !== 'ready') return connection.disconnect();
        await connection.quit().catch(() => connection.disconnect());
      }),
    );
  }
}
