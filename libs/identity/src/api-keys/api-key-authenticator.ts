import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from '../api-key.entity';
import { hashApiKey } from '../api-key.util';
import { InjectIdentityConfig, type IdentityConfig } from '../config/identity-config';
import { IdentityRedis } from '../login/identity-redis';
import type { Principal } from '../principal';

interface CachedKey {
  row: Pick<ApiKeyEntity, 'name' | 'integrator' | 'roles' | 'scopes' | 'expiresAt' | 'revokedAt' | 'region'> | null;
  until: number;
}

/** Entries beyond which the cache starts afresh (unknown keys are cached too). */
const MAX_ENTRIES = 10_000;

/**
 * Authenticates `X-API-Key` requests from a per-process cache of key rows (by hash), read again after
 * `sessionCacheMs`; any change of a key empties the cache here and, over Redis, in every api process.
 * Expiry is checked on every request, so a rotated key stops at the end of its grace period.
 */
@Injectable()
export class ApiKeyAuthenticator implements OnModuleInit {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly cache = new Map<string, CachedKey>();
  private readonly channel: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectIdentityConfig() private readonly config: IdentityConfig,
    private readonly redis: IdentityRedis,
  ) {
    this.channel = redis.key('api-key-changes');
  }

  onModuleInit(): void {
    this.redis.subscribe(this.channel, () => this.cache.clear())
      .catch((error: Error) => this.logger.warn(`not listening for key changes (${error.message}); keys are re-read every ${this.config.sessionCacheMs} ms`));
  }

  async authenticate(key: string): Promise<Principal> {
    const hash = hashApiKey(key);
    let cached = this.cache.get(hash);
    if (!cached || cached.until <= Date.now()) {
      const row = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { keyHash: hash }, select: ['name', 'integrator', 'roles', 'scopes', 'expiresAt', 'revokedAt', 'region'] });
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      cached = { row, until: Date.now() + this.config.sessionCacheMs };
      this.cache.set(hash, cached);
    }
    const row = cached.row;
    if (!row) throw new DomainError('UNAUTHENTICATED', 'Unknown API key');
    if (row.revokedAt) throw new DomainError('UNAUTHENTICATED', 'The API key is revoked');
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw new DomainError('UNAUTHENTICATED', 'The API key has expired');
    return { kind: 'system', name: `apikey:${row.name}`, roles: row.roles, department: null, region: row.region, scopes: row.scopes, integrator: row.integrator };
  }

  /** After a key changed (committed): forget every cached key here and in the other api processes. */
  async forgetAll(): Promise<void> {
    this.cache.clear();
    await this.redis.client.publish(this.channel, 'changed').catch((error: Error) => this.logger.warn(`key change not announced (${error.message}); other api processes apply it within ${this.config.sessionCacheMs} ms`));
  }
}
