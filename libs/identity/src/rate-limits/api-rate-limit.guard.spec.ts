import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { SkipThrottle, Throttle, ThrottlerStorageService } from '@nestjs/throttler';
import type { IdentityConfig } from '../config/identity-config';
import { RateLimitedError } from '../errors/identity.error';
import type { RedisThrottlerStorage } from './redis-throttler.storage';
import { ApiRateLimitGuard } from './api-rate-limit.guard';

class Routes {
  plain(): void {}
  @Throttle({ api: { limit: 2, ttl: 60_000 } })
  tight(): void {}
  @SkipThrottle({ api: true })
  skipped(): void {}
}

@Throttle({ api: { limit: 3, ttl: 60_000 } })
class TightRoutes {
  plain(): void {}
}

/** Reflector counting the metadata reads. */
class CountingReflector extends Reflector {
  reads = 0;
  override getAllAndOverride<T>(key: unknown, targets: Parameters<Reflector['getAllAndOverride']>[1]): T {
    this.reads++;
    return super.getAllAndOverride<T>(key as never, targets);
  }
}

/** A response that keeps the headers set on it. */
function response(): { headers: Record<string, unknown>; header: (name: string, value: unknown) => void } {
  const headers: Record<string, unknown> = {};
  return { headers, header: (name, value) => void (headers[name] = value) };
}

describe('ApiRateLimitGuard', () => {
  // @nestjs/throttler's own in-memory storage: the guard's planning is under test, not the Redis counting
  const storage = new ThrottlerStorageService();
  afterAll(() => storage.onApplicationShutdown());

  const reflector = new CountingReflector();

  async function guard(): Promise<ApiRateLimitGuard> {
    const config = { apiRateLimit: 5, apiRateWindowSeconds: 60 } as IdentityConfig;
    const created = new ApiRateLimitGuard(config, storage as unknown as RedisThrottlerStorage, reflector);
    await created.onModuleInit();
    return created;
  }

  const call = (rateLimit: ApiRateLimitGuard, classRef: object, handler: () => void, user: string) => {
    const res = response();
    const context = new ExecutionContextHost([{ principal: { kind: 'user', name: user }, headers: {} }, res], classRef as never, handler);
    return { result: rateLimit.canActivate(context), headers: res.headers };
  };

  it("counts each handler against its own or its class's limit, read once, and skips a skipped handler at every request", async () => {
    // given
    const rateLimit = await guard();

    // when a handler without metadata, one with its own limit, one in a class with a limit and a skipped one are called again and again
    const plain = [call(rateLimit, Routes, Routes.prototype.plain, 'plain')];
    await plain[0].result;
    const readsAtFirst = reflector.reads;
    for (let i = 1; i < 5; i++) {
      plain.push(call(rateLimit, Routes, Routes.prototype.plain, 'plain'));
      await plain[i].result;
    }
    const readsAfterFive = reflector.reads;
    const tight = [call(rateLimit, Routes, Routes.prototype.tight, 'tight'), call(rateLimit, Routes, Routes.prototype.tight, 'tight')];
    const classLimited = [0, 1, 2].map(() => call(rateLimit, TightRoutes, TightRoutes.prototype.plain, 'class'));
    const skipped = [0, 1, 2, 3, 4, 5, 6].map(() => call(rateLimit, Routes, Routes.prototype.skipped, 'skipped'));

    // then each answers by its own limit
    for (const { result } of [...plain, ...tight, ...classLimited, ...skipped]) await expect(result).resolves.toBe(true);
    expect(readsAtFirst).toBeGreaterThan(0);
    expect(readsAfterFive).toBe(readsAtFirst);
    expect(plain[4].headers).toMatchObject({ 'X-RateLimit-Limit-api': 5, 'X-RateLimit-Remaining-api': 0 });
    expect(tight[1].headers).toMatchObject({ 'X-RateLimit-Limit-api': 2 });
    expect(classLimited[2].headers).toMatchObject({ 'X-RateLimit-Limit-api': 3 });
    expect(skipped[6].headers).toEqual({});
    await expect(call(rateLimit, Routes, Routes.prototype.plain, 'plain').result).rejects.toBeInstanceOf(RateLimitedError);
    await expect(call(rateLimit, Routes, Routes.prototype.tight, 'tight').result).rejects.toThrow(/More than 2 requests in 60 s/);
    await expect(call(rateLimit, TightRoutes, TightRoutes.prototype.plain, 'class').result).rejects.toThrow(/More than 3 requests/);
    await expect(call(rateLimit, Routes, Routes.prototype.skipped, 'skipped').result).resolves.toBe(true);
  });
});
