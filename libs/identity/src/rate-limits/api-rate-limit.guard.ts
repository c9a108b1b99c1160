import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { InjectIdentityConfig, type IdentityConfig } from '../config/identity-config';
import { RateLimitedError } from '../errors/identity.error';
import type { Principal } from '../principal';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * The API-wide request budget (`@nestjs/throttler`, counted in Redis across api processes): per API
 * key or signed-in user, after the access guard has authenticated the request; per client address
 * for requests without credentials. Over the budget: 429 `TOO_MANY_REQUESTS` with `Retry-After`.
 */
@Injectable()
export class ApiRateLimitGuard extends ThrottlerGuard {
  constructor(@InjectIdentityConfig() config: IdentityConfig, @Inject(RedisThrottlerStorage) storage: RedisThrottlerStorage, @Inject(Reflector) reflector: Reflector) {
    super({ throttlers: [{ name: 'api', limit: config.apiRateLimit, ttl: config.apiRateWindowSeconds * 1000 }] }, storage, reflector);
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
