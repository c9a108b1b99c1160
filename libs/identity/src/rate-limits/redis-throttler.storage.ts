import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { CLOCK, type Clock } from '@tongban/kernel';
import { IdentityRedis } from '../login/identity-redis';

/**
 * Requests against a fixed window, with a block once over the limit; takes a lease of up to
 * ARGV[4] requests at once, but never more than a sixteenth of what is left of the window's budget,
 * and at least the one asking.
 * KEYS[1] hits, KEYS[2] block; ARGV[1] window ms, ARGV[2] limit, ARGV[3] block ms, ARGV[4] largest lease.
 * Returns {hits, ms left in the window, blocked (0/1), ms left of the block, requests taken}.
 */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked, 0}
end
local room = tonumber(ARGV[2]) - tonumber(redis.call('GET', KEYS[1]) or '0')
local take = math.max(1, math.min(tonumber(ARGV[4]), math.floor(room / 16)))
local n = redis.call('INCRBY', KEYS[1], take)
if n == take then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if n > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {n, ttl, 1, tonumber(ARGV[3]), take}
end
return {n, ttl, 0, 0, take}`;

/** The most requests one Redis call may take for a process to spend on its own. */
const LARGEST_LEASE = 32;
/** Above this many leases held, the ones whose window ended are dropped. */
const LEASES_KEPT = 10_000;

/** Requests of a key this process took from the shared budget and has not spent yet, until its window ends. */
interface Lease {
  left: number;
  /** The window's count in Redis after the lease was taken. */
  hits: number;
  windowEndsAt: number;
}

/**
 * `@nestjs/throttler` storage in Redis over identity's ioredis connection, so that every api process
 * counts against the same budget; one Lua script per call keeps the count and the block atomic.
 *
 * A call takes a lease of several requests while much of the window's budget is left (up to 32,
 * never more than a sixteenth of what is left) and spends it in this process without asking Redis
 * again: a busy caller costs one Redis round trip per lease instead of one per request. Every
 * request admitted was counted in Redis first, so no process admits past the limit; near the limit
 * the leases shrink to one request, so the limit still holds to the request across processes. What
 * a lease leaves unspent when its window ends is counted as used (at most a sixteenth of the budget
 * left per process).
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly redis: IdentityRedis,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const hits = this.redis.key('rate', throttlerName, key);
    const now = this.clock.now().getTime();
    const lease = this.leases.get(hits);
    if (lease && lease.left > 0 && lease.windowEndsAt > now) {
      lease.left--;
      return { totalHits: lease.hits - lease.left, timeToExpire: Math.ceil((lease.windowEndsAt - now) / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
    let counted: [number, number, number, number, number];
    try {
      counted = (await this.redis.client.eval(INCREMENT, 2, hits, `${hits}:blocked`, ttl, limit, blockDuration, LARGEST_LEASE)) as [number, number, number, number, number];
    } catch (error) {
      // without Redis nothing is counted: requests go on (sign-in, which must not, refuses on its own; /health reports Redis)
      this.logger.warn(`rate limit not counted: ${(error as Error).message}`);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
    const [totalHits, msToExpire, blocked, msToBlockExpire, taken] = counted;
    if (blocked === 1 || taken <= 1) this.leases.delete(hits);
    else this.keep(hits, { left: taken - 1, hits: totalHits, windowEndsAt: now + msToExpire }, now);
    return {
      totalHits: blocked === 1 ? totalHits : totalHits - Math.max(taken - 1, 0),
      timeToExpire: Math.ceil(msToExpire / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(msToBlockExpire / 1000),
    };
  }

  private keep(hits: string, lease: Lease, now: number): void {
    if (this.leases.size >= LEASES_KEPT) {
      for (const [key, held] of this.leases) if (held.windowEndsAt <= now) this.leases.delete(key);
    }
    this.leases.set(hits, lease);
  }
}
