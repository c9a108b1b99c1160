import IORedis, { Cluster, type Redis, type RedisOptions } from 'ioredis';
import type { RuntimeConfig } from '@tongban/kernel';

/**
 * A connection to the deployment's Redis: one server (`REDIS_URL`), the primary Redis Sentinel names
 * (`REDIS_SENTINELS`, `REDIS_SENTINEL_NAME`, credentials and database from `REDIS_URL`), or a Redis
 * Cluster (`REDIS_CLUSTER_NODES`, credentials from `REDIS_URL`). Typed as `Redis`: a cluster connection
 * answers the same commands, and every key Tongban uses carries the prefix's hash tag.
 */
export function connectRedis(config: Pick<RuntimeConfig, 'redisUrl' | 'redisClusterNodes' | 'redisSentinels' | 'redisSentinelName'>, options: RedisOptions): Redis {
  const url = new URL(config.redisUrl);
  const credentials = { ...(url.username && { username: decodeURIComponent(url.username) }), ...(url.password && { password: decodeURIComponent(url.password) }) };
  if (config.redisSentinels) {
    const db = Number(url.pathname.slice(1) || 0);
    // ioredis asks the sentinels for the primary, reconnects to the new one after a failover, and refuses a replica
    return new IORedis({ ...options, ...credentials, db, sentinels: config.redisSentinels, name: config.redisSentinelName ?? 'mymaster', ...(url.protocol === 'rediss:' && { tls: {}, enableTLSForSentinelMode: true }) });
  }
  if (!config.redisClusterNodes) return new IORedis(config.redisUrl, options);
  // BullMQ reads a cluster's per-node options (maxRetriesPerRequest null for blocking connections)
  return new Cluster(config.redisClusterNodes, {
    redisOptions: { ...options, ...credentials, ...(url.protocol === 'rediss:' && { tls: {} }) },
    ...(options.enableOfflineQueue !== undefined && { enableOfflineQueue: options.enableOfflineQueue }),
  }) as unknown as Redis;
}
