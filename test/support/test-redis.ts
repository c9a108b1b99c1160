import IORedis, { Cluster } from 'ioredis';

/**
 * The specs' own Redis connection, to the server the app uses: `REDIS_URL`, or the Redis Cluster of
 * `REDIS_CLUSTER_NODES` (scripts/redis-cluster.js runs the runtime specs against one).
 */
export function testRedis(): IORedis | Cluster {
  const nodes = clusterNodes();
  return nodes ? new Cluster(nodes) : new IORedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
}

/** The seed nodes of `REDIS_CLUSTER_NODES`, or undefined on a single Redis server. */
export function clusterNodes(): { host: string; port: number }[] | undefined {
  return process.env.REDIS_CLUSTER_NODES?.split(',').map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) }));
}

/** Every key matching `pattern`, from every primary of a cluster or from the one server. */
export async function scanKeys(redis: IORedis | Cluster, pattern: string): Promise<string[]> {
  const servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const keys: string[] = [];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, found] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}

/** The queue prefix of a test app: a hash tag on a Redis Cluster, so that each queue's keys share a slot. */
export function testQueuePrefix(name: string): string {
  return process.env.REDIS_CLUSTER_NODES ? `{${name}}` : name;
}
