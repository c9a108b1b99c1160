import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@tongban/kernel';
import { InjectIdentityConfig, type IdentityConfig } from '../config/identity-config';
import { RateLimitedError, SignInUnavailableError } from '../errors/identity.error';
import { IdentityRedis } from './identity-redis';

/** The longest lockout, however many times an account was locked in a row. */
const MAX_LOCKOUT_SECONDS = 3600;
/** Failures older than this are forgotten. */
const FAILURE_WINDOW_SECONDS = 900;
/** How long the count of lockouts in a row (the backoff exponent) is kept. */
const LOCKOUT_MEMORY_SECONDS = 86400;

/**
 * Fixed-window counter.
 * KEYS[1] counter; ARGV[1] window seconds. Returns {count, seconds left in the window}.
 */
const HIT_WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * One failed sign-in of an account; at the limit the account is locked for base × 2^(lockouts-1) seconds:
 * the lock holds the instant it ends (ms by the application's clock), and expires in Redis then too.
 * KEYS[1] failures, KEYS[2] lock, KEYS[3] lockouts in a row.
 * ARGV[1] max failures, ARGV[2] base seconds, ARGV[3] max seconds, ARGV[4] failure window, ARGV[5] lockout memory, ARGV[6] now (ms).
 * Returns {failures, lock seconds (0 when not locked now)}.
 */
const RECORD_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
if n < tonumber(ARGV[1]) then return {n, 0} end
redis.call('DEL', KEYS[1])
local k = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[5])
local seconds = math.min(tonumber(ARGV[2]) * 2 ^ (k - 1), tonumber(ARGV[3]))
redis.call('SET', KEYS[2], string.format('%.0f', tonumber(ARGV[6]) + seconds * 1000), 'EX', seconds)
return {n, seconds}`;

/**
 * Sign-in protection shared by every api process through Redis: a fixed-window limit per client
 * address, and per account a lockout with exponential backoff after repeated failures.
 */
@Injectable()
export class LoginProtectionService {
  constructor(
    private readonly redis: IdentityRedis,
    @InjectIdentityConfig() private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Counts one sign-in attempt from `ip`; over the limit: 429 `TOO_MANY_REQUESTS` with the seconds to wait. */
  async hitAddress(ip: string): Promise<void> {
    const [count, ttl] = (await guarded(this.redis.client.eval(HIT_WINDOW, 1, this.redis.key('login-ip', ip), this.config.loginIpWindowSeconds))) as [number, number];
    if (count > this.config.loginIpLimit) {
      throw new RateLimitedError('TOO_MANY_REQUESTS', `Too many sign-in attempts from this address; try again in ${ttl} s`, Math.max(ttl, 1));
    }
  }

  /** Refuses a locked account: 429 `ACCOUNT_LOCKED` with the seconds left. */
  async assertNotLocked(username: string): Promise<void> {
    const until = Number(await guarded(this.redis.client.get(this.redis.key('login-lock', username))));
    const ttl = Math.ceil((until - this.clock.now().getTime()) / 1000);
    if (until > 0 && ttl > 0) throw new RateLimitedError('ACCOUNT_LOCKED', `The account is locked after repeated failed sign-ins; try again in ${ttl} s`, ttl);
  }

  /** Counts a failed sign-in; returns the lock in seconds when this failure locked the account, else 0. */
  async recordFailure(username: string): Promise<{ failures: number; lockedForSeconds: number }> {
    const [failures, lockedForSeconds] = (await guarded(this.redis.client.eval(
      RECORD_FAILURE, 3,
      this.redis.key('login-failures', username), this.redis.key('login-lock', username), this.redis.key('login-lockouts', username),
      this.config.loginMaxFailures, this.config.lockoutSeconds, MAX_LOCKOUT_SECONDS, FAILURE_WINDOW_SECONDS, LOCKOUT_MEMORY_SECONDS, this.clock.now().getTime(),
    ))) as [number, number];
    return { failures, lockedForSeconds };
  }

  /** Forgets the failures and lockouts of an account after a successful sign-in or an admin's reset. */
  async reset(username: string): Promise<void> {
    await guarded(this.redis.client.del(this.redis.key('login-failures', username), this.redis.key('login-lockouts', username), this.redis.key('login-lock', username)));
  }

  /** Marks a TOTP step as used by the account; false when it was used already (a replayed code). */
  async useTotpStep(username: string, step: number): Promise<boolean> {
    return (await guarded(this.redis.client.set(this.redis.key('totp-used', username, String(step)), '1', 'EX', 120, 'NX'))) === 'OK';
  }
}

/** A Redis failure becomes a 503 naming the cause: without its counters, sign-in is refused rather than unprotected. */
async function guarded<T>(command: Promise<T>): Promise<T> {
  try {
    return await command;
  } catch (error) {
    throw new SignInUnavailableError(error);
  }
}
