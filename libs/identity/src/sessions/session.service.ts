import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@tongban/kernel';
import { DataSource, type EntityManager } from 'typeorm';
import { InjectIdentityConfig, type IdentityConfig } from '../config/identity-config';
import { IdentityRedis } from '../login/identity-redis';

interface CachedSession {
  username: string;
  valid: boolean;
  /** `Date.now()` after which the database is asked again. */
  until: number;
}

/** A session found by its current refresh token, or detected as replayed by an old one. */
export type RefreshLookup =
  | { kind: 'valid'; sessionId: string; username: string }
  | { kind: 'replayed'; sessionId: string; username: string }
  | { kind: 'unknown' };

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Sign-in sessions: each has a refresh token (stored as its sha256, rotated on every use) and ends on
 * logout, when the user is disabled or their password reset. Access tokens name their session; whether
 * it still holds is answered from a per-process cache that a revocation updates at once here and, over
 * Redis, in every other api process (and that forgets an entry after `sessionCacheMs`).
 */
@Injectable()
export class SessionService implements OnModuleInit {
  private readonly logger = new Logger(SessionService.name);
  private readonly cache = new Map<string, CachedSession>();
  private readonly channel: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectIdentityConfig() private readonly config: IdentityConfig,
    private readonly redis: IdentityRedis,
  ) {
    this.channel = redis.key('revocations');
  }

  /** Listens for revocations without holding up start: until Redis answers, the cache's expiry bounds what is missed. */
  onModuleInit(): void {
    this.redis.subscribe(this.channel, (message) => this.forgetLocally(message))
      .catch((error: Error) => this.logger.warn(`not listening for revocations (${error.message}); session states are re-read every ${this.config.sessionCacheMs} ms`));
  }

  /** Opens a session, dropping the user's sessions that ended long enough ago; returns its id and its first refresh token (shown once). */
  async open(username: string, manager: EntityManager = this.dataSource.manager): Promise<{ sessionId: string; refreshToken: string; refreshExpiresIn: number }> {
    const sessionId = randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.query(
      `WITH ended AS (DELETE FROM auth_session WHERE username = $2 AND (expires_at < now() OR revoked_at < now() - interval '1 day'))
       INSERT INTO auth_session (id, username, refresh_hash, token_version, expires_at)
       SELECT $1, username, $3, token_version, now() + make_interval(secs => $4) FROM app_user WHERE username = $2`,
      [sessionId, username, hashToken(refreshToken), this.config.refreshTokenTtlSeconds],
    );
    this.cache.set(sessionId, { username, valid: true, until: Date.now() + this.config.sessionCacheMs });
    return { sessionId, refreshToken, refreshExpiresIn: this.config.refreshTokenTtlSeconds };
  }

  /**
   * Rotates a refresh token: ONE statement replaces the session's hash by a new one and keeps the old
   * as `previous_hash`, so presenting the old one again is recognised as a replay.
   */
  async rotate(refreshToken: string): Promise<RefreshLookup & { refreshToken?: string }> {
    const presented = hashToken(refreshToken);
    const next = randomBytes(32).toString('base64url');
    const [rotated]: [{ id: string; username: string }[], number] = await this.dataSource.query(
      `UPDATE auth_session s SET previous_hash = s.refresh_hash, refresh_hash = $2, refreshed_at = now()
         FROM app_user u
        WHERE s.refresh_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND u.username = s.username AND u.disabled_at IS NULL AND u.token_version = s.token_version
        RETURNING s.id, s.username`,
      [presented, hashToken(next)],
    );
    if (rotated.length > 0) return { kind: 'valid', sessionId: rotated[0].id, username: rotated[0].username, refreshToken: next };
    const replayed: { id: string; username: string }[] = await this.dataSource.query(
      `SELECT id, username FROM auth_session WHERE previous_hash = $1 AND revoked_at IS NULL`, [presented],
    );
    if (replayed.length > 0) return { kind: 'replayed', sessionId: replayed[0].id, username: replayed[0].username };
    return { kind: 'unknown' };
  }

  /** Ends one session; its access and refresh tokens stop working in every api process. */
  async revoke(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE auth_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
    await this.announce(`session:${sessionId}`);
  }

  /** Ends every session of a user (disabled, password reset, roles changed). */
  async revokeAllOf(username: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE auth_session SET revoked_at = now() WHERE username = $1 AND revoked_at IS NULL`, [username]);
    await this.announce(`user:${username}`);
  }

  /** Refuses the token of an ended session or a disabled user: 401. */
  async assertActive(sessionId: string, username: string): Promise<void> {
    const cached = this.cache.get(sessionId);
    if (cached && cached.until > Date.now()) {
      if (!cached.valid) throw new DomainError('UNAUTHENTICATED', 'The session has ended; sign in again');
      return;
    }
    const rows: { valid: boolean }[] = await this.dataSource.query(
      `SELECT s.revoked_at IS NULL AND u.disabled_at IS NULL AND u.token_version = s.token_version AS valid
         FROM auth_session s JOIN app_user u ON u.username = s.username WHERE s.id = $1 AND s.username = $2`,
      [sessionId, username],
    );
    const valid = rows.length > 0 && rows[0].valid;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(sessionId, { username, valid, until: Date.now() + this.config.sessionCacheMs });
    if (!valid) throw new DomainError('UNAUTHENTICATED', 'The session has ended; sign in again');
  }

  /**
   * Tells every api process; when Redis cannot be reached the others learn it from the database
   * within `sessionCacheMs`, so the (committed) revocation does not fail.
   */
  private async announce(message: string): Promise<void> {
    this.forgetLocally(message);
    await this.redis.client.publish(this.channel, message).catch((error: Error) => this.logger.warn(`revocation not announced (${error.message}); other api processes apply it within ${this.config.sessionCacheMs} ms`));
  }

  private forgetLocally(message: string): void {
    const [kind, name] = [message.slice(0, message.indexOf(':')), message.slice(message.indexOf(':') + 1)];
    if (kind === 'session') {
      const cached = this.cache.get(name);
      this.cache.set(name, { username: cached?.username ?? '', valid: false, until: Date.now() + this.config.sessionCacheMs });
      return;
    }
    for (const [id, cached] of this.cache) if (cached.username === name) this.cache.set(id, { ...cached, valid: false });
  }
}
