import type { PrivateRedis } from './redis-server';

/**
 * Why BullMQ gave up on jobs: the failed set of each queue with its failure reasons counted, read
 * straight from Redis (`<prefix>:<queue>:failed`, job hashes' `failedReason`). Empty string when none.
 */
export async function failedJobReasons(redis: PrivateRedis, prefix: string, queues: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const queue of queues) {
    const ids = await redis.query('ZRANGE', `${prefix}:${queue}:failed`, '0', '-1').catch(() => []);
    if (!Array.isArray(ids) || ids.length === 0) continue;
    const reasons = new Map<string, number>();
    for (const id of ids) {
      const reason = await redis.query('HGET', `${prefix}:${queue}:${id}`, 'failedReason').catch(() => null);
      const text = String(reason ?? 'unknown').slice(0, 80);
      reasons.set(text, (reasons.get(text) ?? 0) + 1);
    }
    parts.push(`${queue}: ${ids.length} failed (${[...reasons].map(([reason, n]) => `"${reason}" ×${n}`).join(', ')})`);
  }
  return parts.join('; ');
}
