import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { IdentityRedis } from '../login/identity-redis';

/**
 * One request against a fixed window, with a block once over the limit.
 * KEYS[1] hits, KEYS[2] block; ARGV[1] window ms, ARGV[2] limit, ARGV[3] block ms.
 * Returns {hits, ms left in the window, blocked (0/1), ms left of the block}.
 */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked}
end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if n > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {n, ttl, 1, tonumber(ARGV[3])}
end
return {n, ttl, 0, 0}`;

/**
 * `@nestjs/throttler` storage in Redis over identity's ioredis connection, so that every api process
 * counts against the same budget; one Lua script per request keeps the count and the block atomic.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);

  constructor(private readonly redis: IdentityRedis) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const hits = this.redis.key('rate', throttlerName, key);
    let counted: [number, number, number, number];
    try {
      counted = (await this.redis.client.eval(INCREMENT, 2, hits, `${hits}:blocked`, ttl, limit, blockDuration)) as [number, number, number, number];
    } catch (error) {
      // without Redis nothing is counted: requests go on (sign-in, which must not, refuses on its own; /health reports Redis)
      this.logger.warn(`rate limit not counted: ${(error as Error).message}`);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
    const [totalHits, msToExpire, blocked, msToBlockExpire] = counted;
    return {
      totalHits,
      timeToExpire: Math.ceil(msToExpire / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(msToBlockExpire / 1000),
    };
  }
}
