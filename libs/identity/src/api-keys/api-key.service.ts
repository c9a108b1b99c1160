import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, NotFoundError } from '@tongban/kernel';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiKeyEntity } from '../api-key.entity';
import { hashApiKey } from '../api-key.util';
import { IdentityAuditService } from '../audit/identity-audit.service';
import { InjectIdentityConfig, type IdentityConfig } from '../config/identity-config';
import type { Principal } from '../principal';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import type { ApiKeyScopes } from './api-key-scopes';

/** An API key as listed: never its secret. */
export interface ApiKeyView {
  id: string;
  name: string;
  integrator: string;
  scopes: ApiKeyScopes;
  state: 'active' | 'expired' | 'revoked';
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedFrom: string | null;
  createdAt: Date;
}

export interface CreateApiKeyInput {
  name: string;
  integrator: string;
  scopes: ApiKeyScopes;
  expiresAt?: Date;
}

function viewOf(row: ApiKeyEntity, now: number): ApiKeyView {
  const state = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt.getTime() <= now ? 'expired' : 'active';
  return { id: row.id, name: row.name, integrator: row.integrator, scopes: row.scopes, state, expiresAt: row.expiresAt, revokedAt: row.revokedAt, rotatedFrom: row.rotatedFrom, createdAt: row.createdAt };
}

/** A new secret: `tbk_` and 32 random bytes, base64url. */
function newSecret(): string {
  return `tbk_${randomBytes(32).toString('base64url')}`;
}

/** Integrators' API keys: created and rotated with the secret shown once, stored as sha256; every change audited. */
@Injectable()
export class ApiKeyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectIdentityConfig() private readonly config: IdentityConfig,
    private readonly audit: IdentityAuditService,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async list(filter: { integrator?: string }): Promise<ApiKeyView[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ where: filter.integrator ? { integrator: filter.integrator } : {}, order: { createdAt: 'ASC' } });
    const now = Date.now();
    return rows.map((row) => viewOf(row, now));
  }

  async get(id: string): Promise<ApiKeyView> {
    return viewOf(await this.find(id), Date.now());
  }

  /** ONE transaction: 1. the key row (hash only); 2. the audit entry. Returns the secret once. */
  async create(input: CreateApiKeyInput, actor: Principal, ip: string | null): Promise<ApiKeyView & { key: string }> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new DomainError('VALIDATION_FAILED', 'expiresAt must lie in the future', { field: 'expiresAt' });
    const key = newSecret();
    const row = await this.dataSource.transaction((manager) => this.insert(manager, { ...input, rotatedFrom: null }, key, actor, ip, 'api-key.created'));
    await this.authenticator.forgetAll();
    return { ...viewOf(row, Date.now()), key };
  }

  /**
   * Replaces a key by a new secret with the same name, integrator and scopes; the old one keeps
   * working for the grace period (`graceSeconds`, else the configured default).
   * ONE transaction: 1. lock the old key, refuse a revoked or expired one; 2. shorten its expiry;
   * 3. the new key row; 4. the audit entry. Returns the new secret once.
   */
  async rotate(id: string, graceSeconds: number | undefined, actor: Principal, ip: string | null): Promise<ApiKeyView & { key: string; previousExpiresAt: Date }> {
    const key = newSecret();
    const grace = graceSeconds ?? this.config.apiKeyGraceSeconds;
    const { row, previousExpiresAt } = await this.dataSource.transaction(async (manager) => {
      const old = await manager.getRepository(ApiKeyEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!old) throw new NotFoundError('API key', id);
      if (old.revokedAt || (old.expiresAt && old.expiresAt.getTime() <= Date.now())) throw new DomainError('INVALID_STATE', `The API key ${id} is revoked or expired and cannot be rotated`, { id });
      const [[{ expires_at: expiresAt }]]: [{ expires_at: Date }[], number] = await manager.query(
        `UPDATE api_key SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), now() + make_interval(secs => $2)) WHERE id = $1 RETURNING expires_at`,
        [id, grace],
      );
      const created = await this.insert(manager, { name: old.name, integrator: old.integrator, scopes: old.scopes, roles: old.roles, rotatedFrom: old.id }, key, actor, ip, 'api-key.rotated');
      return { row: created, previousExpiresAt: expiresAt };
    });
    await this.authenticator.forgetAll();
    return { ...viewOf(row, Date.now()), key, previousExpiresAt };
  }

  /** Changes the scopes or the expiry of a key. */
  async update(id: string, input: { scopes?: ApiKeyScopes; expiresAt?: Date | null }, actor: Principal, ip: string | null): Promise<ApiKeyView> {
    await this.find(id);
    await this.dataSource.transaction(async (manager) => {
      const changes: Partial<ApiKeyEntity> = {};
      if (input.scopes) changes.scopes = input.scopes;
      if (input.expiresAt !== undefined) changes.expiresAt = input.expiresAt;
      await manager.getRepository(ApiKeyEntity).update({ id }, changes);
      await this.audit.record({ actor: actor.name, action: 'api-key.updated', target: `api-key:${id}`, ip, details: { ...input } }, manager);
    });
    await this.authenticator.forgetAll();
    return this.get(id);
  }

  /** Revokes a key at once. */
  async revoke(id: string, actor: Principal, ip: string | null): Promise<ApiKeyView> {
    await this.find(id);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [id]);
      await this.audit.record({ actor: actor.name, action: 'api-key.revoked', target: `api-key:${id}`, ip }, manager);
    });
    await this.authenticator.forgetAll();
    return this.get(id);
  }

  private async insert(
    manager: EntityManager,
    input: CreateApiKeyInput & { roles?: string[]; rotatedFrom: string | null },
    key: string,
    actor: Principal,
    ip: string | null,
    action: string,
  ): Promise<ApiKeyEntity> {
    const id = randomUUID();
    await manager.getRepository(ApiKeyEntity).insert({
      id,
      name: input.name,
      integrator: input.integrator,
      keyHash: hashApiKey(key),
      roles: input.roles ?? ['integrator'],
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      rotatedFrom: input.rotatedFrom,
      createdAt: new Date(),
    });
    await this.audit.record({ actor: actor.name, action, target: `api-key:${id}`, ip, details: { name: input.name, integrator: input.integrator, scopes: input.scopes, rotatedFrom: input.rotatedFrom } }, manager);
    return manager.getRepository(ApiKeyEntity).findOneByOrFail({ id });
  }

  private async find(id: string): Promise<ApiKeyEntity> {
    const row = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { id } });
    if (!row) throw new NotFoundError('API key', id);
    return row;
  }
}
