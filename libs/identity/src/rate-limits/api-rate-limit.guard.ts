import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import { InjectIdentityConfig, type IdentityConfig } from '../config/identity-config';
import { RateLimitedError } from '../errors/identity.error';
import type { Principal } from '../principal';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * The API-wide request budget (`@nestjs/throttler`, counted in Redis across api processes): per API
 * key or signed-in user, after the access guard has authenticated the request; per client address
 * for requests without credentials. Over the budget: 429 `TOO_MANY_REQUESTS` with `Retry-After`.
 */
/** What `@nestjs/throttler` works out for a handler from its and its class's metadata, the same at every request: skipped, or the budgets to count. */
type Plan = 'skip' | 'dynamic' | Array<Omit<ThrottlerRequest, 'context'>>;

/** The `@nestjs/throttler` metadata keys of a throttler named `name` (its `throttler.constants`, not exported). */
const metadataKeys = (name: string) => ({
  skip: `THROTTLER:SKIP${name}`,
  limit: `THROTTLER:LIMIT${name}`,
  ttl: `THROTTLER:TTL${name}`,
  blockDuration: `THROTTLER:BLOCK_DURATION${name}`,
  tracker: `THROTTLER:TRACKER${name}`,
  keyGenerator: `THROTTLER:KEY_GENERATOR${name}`,
});

@Injectable()
export class ApiRateLimitGuard extends ThrottlerGuard {
  /** Per controller class and handler: the plan, read from the metadata at the handler's first request. */
  private readonly plans = new WeakMap<object, Map<object, Plan>>();

  constructor(@InjectIdentityConfig() config: IdentityConfig, @Inject(RedisThrottlerStorage) storage: RedisThrottlerStorage, @Inject(Reflector) reflector: Reflector) {
    super({ throttlers: [{ name: 'api', limit: config.apiRateLimit, ttl: config.apiRateWindowSeconds * 1000 }] }, storage, reflector);
  }

  /**
   * As `ThrottlerGuard.canActivate`, with the handler's metadata (skip, limit, ttl, block duration,
   * tracker and key of each throttler: six reads and three awaits a request) read once per handler.
   * A handler whose limits are functions of the request (or with a `skipIf`) is planned at every request.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const classRef = context.getClass();
    const handler = context.getHandler();
    let plans = this.plans.get(classRef);
    if (!plans) this.plans.set(classRef, (plans = new Map()));
    let plan = plans.get(handler);
    if (!plan) plans.set(handler, (plan = this.planOf(handler, classRef)));
    if (plan === 'dynamic') return super.canActivate(context);
    if (plan === 'skip') return true;
    for (const budget of plan) if (!(await this.handleRequest({ context, ...budget }))) return false;
    return true;
  }

  private planOf(handler: object, classRef: object): Plan {
    const targets = [handler, classRef] as Array<() => void>;
    const budgets: Array<Omit<ThrottlerRequest, 'context'>> = [];
    for (const throttler of this.throttlers) {
      const keys = metadataKeys(throttler.name ?? 'default');
      if (throttler.skipIf || this.commonOptions.skipIf) return 'dynamic';
      if (this.reflector.getAllAndOverride<boolean>(keys.skip, targets)) continue;
      const limit = this.reflector.getAllAndOverride<unknown>(keys.limit, targets) ?? throttler.limit;
      const ttl = this.reflector.getAllAndOverride<unknown>(keys.ttl, targets) ?? throttler.ttl;
      const blockDuration = this.reflector.getAllAndOverride<unknown>(keys.blockDuration, targets) ?? throttler.blockDuration ?? ttl;
      if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number') return 'dynamic';
      budgets.push({
        limit,
        ttl,
        blockDuration,
        throttler,
        getTracker: this.reflector.getAllAndOverride(keys.tracker, targets) || throttler.getTracker || this.commonOptions.getTracker!,
        generateKey: this.reflector.getAllAndOverride(keys.keyGenerator, targets) || throttler.generateKey || this.commonOptions.generateKey!,
      });
    }
    return budgets.length ? budgets : 'skip';
  }

  protected override async getTracker(request: { principal?: Principal; ip?: string }): Promise<string> {
    const principal = request.principal;
    if (principal) return principal.kind === 'system' ? `key:${principal.name}` : `user:${principal.name}`;
    return `ip:${request.ip ?? 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError('TOO_MANY_REQUESTS', `More than ${detail.limit} requests in ${detail.ttl / 1000} s; try again in ${detail.timeToBlockExpire} s`, Math.max(detail.timeToBlockExpire, 1));
  }
}
