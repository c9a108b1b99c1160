import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@tongban/kernel';
import { DataSource, In } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyAuthenticator } from './api-keys/api-key-authenticator';
import { FULL_SCOPES } from './api-keys/api-key-scopes';
import { hashApiKey } from './api-key.util';
import { IdentityAuditService } from './audit/identity-audit.service';
import { InjectIdentityConfig, type IdentityConfig } from './config/identity-config';
import { IdentityError } from './errors/identity.error';
import { LoginProtectionService } from './login/login-protection.service';
import { hashDemoPassword, hashPassword, verifyPassword } from './password.util';
import type { Principal, Role, SessionRestriction } from './principal';
import { SessionService } from './sessions/session.service';
import { matchTotp } from './totp/totp';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  /** Present while the session may only change its one-time password or enrol TOTP. */
  restriction?: SessionRestriction;
  user: { username: string; roles: string[]; department: string | null; displayName: string | null; applicant: string | null };
}

/** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
const NO_USER_HASH = '$2b$10$gTjVmZzHZ/LkeOBHxpMIHepEvYPt1ZrCspHlUBaDuzRg9sCOOCeOG';

/** A user `ensureUser` creates when missing. */
interface NewUser {
  username: string;
  password: string;
  roles: Role[];
  department?: string | null;
  applicantCode?: string;
  displayName?: string;
}

/** Staff sign-in (password, TOTP, sessions with refresh tokens) and system API keys. */
@Injectable()
export class IdentityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectIdentityConfig() private readonly config: IdentityConfig,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly protection: LoginProtectionService,
    private readonly audit: IdentityAuditService,
    private readonly apiKeys: ApiKeyAuthenticator,
  ) {}

  /**
   * Signs a member of staff in: 1. the per-address limit and the account's lockout (429);
   * 2. password, then the TOTP code when enrolled (a wrong one counts as a failure, and enough
   * failures lock the account, audited); 3. a new session with its refresh token.
   */
  async login(username: string, password: string, totp: string | undefined, ip: string): Promise<LoginResult> {
    await this.protection.hitAddress(ip);
    await this.protection.assertNotLocked(username);
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { username } });
    const valid = await verifyPassword(password, user?.passwordHash ?? NO_USER_HASH);
    if (!user || !valid) return this.refuse(username, ip, 'wrong-password');
    if (user.disabledAt) {
      await this.audit.record({ actor: username, action: 'login.refused', target: `user:${username}`, ip, details: { reason: 'disabled' } });
      throw new DomainError('UNAUTHENTICATED', 'The account is disabled');
    }
    if (user.totpEnabled && user.totpSecret) {
      if (!totp) throw new IdentityError('TOTP_REQUIRED', 'This account signs in with a TOTP code: send "totp" with the password');
      const step = matchTotp(user.totpSecret, totp, Math.floor(Date.now() / 1000));
      if (step === null || !(await this.protection.useTotpStep(username, step))) return this.refuse(username, ip, 'wrong-totp');
    }
    await this.protection.reset(username);
    return this.startSession(user);
  }

  /** Exchanges a refresh token for a new access token and a new refresh token; a replayed old one ends the session. */
  async refresh(refreshToken: string, ip: string): Promise<LoginResult> {
    const found = await this.sessions.rotate(refreshToken);
    if (found.kind === 'replayed') {
      await this.sessions.revoke(found.sessionId);
      await this.audit.record({ actor: found.username, action: 'session.replayed', target: `user:${found.username}`, ip, details: { sessionId: found.sessionId } });
      throw new DomainError('UNAUTHENTICATED', 'The refresh token was used already; the session is ended');
    }
    if (found.kind === 'unknown') throw new DomainError('UNAUTHENTICATED', 'Unknown, expired or revoked refresh token');
    const user = await this.dataSource.getRepository(UserEntity).findOneOrFail({ where: { username: found.username } });
    const restriction = this.restrictionOf(user);
    const access = this.tokens.issue({ ...this.principalOf(user), sessionId: found.sessionId, restriction });
    return { ...access, refreshToken: found.refreshToken!, refreshExpiresIn: this.config.refreshTokenTtlSeconds, ...(restriction ? { restriction } : {}), user: this.summaryOf(user) };
  }

  /** Ends the caller's session: its access token and refresh token stop working at once. */
  async logout(principal: Principal): Promise<void> {
    if (principal.sessionId) await this.sessions.revoke(principal.sessionId);
  }

  /** Opens a session for `user` and issues its first tokens. */
  async startSession(user: UserEntity): Promise<LoginResult> {
    const session = await this.sessions.open(user.username);
    const restriction = this.restrictionOf(user);
    const access = this.tokens.issue({ ...this.principalOf(user), sessionId: session.sessionId, restriction });
    return { ...access, refreshToken: session.refreshToken, refreshExpiresIn: session.refreshExpiresIn, ...(restriction ? { restriction } : {}), user: this.summaryOf(user) };
  }

  authenticateApiKey(key: string): Promise<Principal> {
    return this.apiKeys.authenticate(key);
  }

  /**
   * Creates the user when missing; an existing user is left as it is. `demo`: a demo account, whose
   * password is its user name, hashed at the demo cost (see `hashDemoPassword`).
   */
  ensureUser(user: NewUser, options: { demo?: boolean } = {}): Promise<void> {
    return this.ensureUsers([user], options);
  }

  /** `ensureUser` for several users, asking once which of them exist already. */
  async ensureUsers(users: readonly NewUser[], options: { demo?: boolean } = {}): Promise<void> {
    const repo = this.dataSource.getRepository(UserEntity);
    const existing = new Set((await repo.find({ select: { username: true }, where: { username: In(users.map((u) => u.username)) } })).map((u) => u.username));
    const missing = users.filter((user) => !existing.has(user.username));
    if (missing.length === 0) return;
    const rows = await Promise.all(missing.map(async (user) => ({
      id: randomUUID(),
      username: user.username,
      passwordHash: await (options.demo ? hashDemoPassword(user.password) : hashPassword(user.password)),
      roles: user.roles,
      department: user.department ?? null,
      applicantCode: user.applicantCode ?? null,
      displayName: user.displayName ?? null,
      createdAt: new Date(),
    })));
    // One statement (one commit) for all of them: a demo start creates some twenty users.
    await repo.createQueryBuilder().insert().values(rows).orIgnore().execute();
  }

  /** Registers an API key with full scopes when no key of that name exists yet. */
  async ensureApiKey(apiKey: { name: string; key: string; roles: Role[] }): Promise<void> {
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    if (await repo.exists({ where: { name: apiKey.name } })) return;
    await repo.createQueryBuilder().insert().values({
      id: randomUUID(),
      name: apiKey.name,
      integrator: apiKey.name,
      keyHash: hashApiKey(apiKey.key),
      roles: apiKey.roles,
      scopes: FULL_SCOPES,
      createdAt: new Date(),
    }).orIgnore().execute();
  }

  private async refuse(username: string, ip: string, reason: string): Promise<never> {
    const { failures, lockedForSeconds } = await this.protection.recordFailure(username);
    await this.audit.record({ actor: username, action: 'login.failed', target: `user:${username}`, ip, details: { reason, failures } });
    if (lockedForSeconds > 0) {
      await this.audit.record({ actor: username, action: 'login.locked', target: `user:${username}`, ip, details: { seconds: lockedForSeconds } });
    }
    throw new DomainError('UNAUTHENTICATED', reason === 'wrong-totp' ? 'Wrong or already used TOTP code' : 'Unknown username or wrong password');
  }

  private restrictionOf(user: UserEntity): SessionRestriction | undefined {
    if (user.mustChangePassword) return 'password-change';
    if (this.config.adminTotpRequired && user.roles.includes('admin') && !user.totpEnabled) return 'totp-enrolment';
    return undefined;
  }

  private principalOf(user: UserEntity): Principal {
    return { kind: 'user', name: user.username, roles: user.roles, department: user.department, region: user.region, ...(user.applicantCode ? { applicant: user.applicantCode } : {}) };
  }

  private summaryOf(user: UserEntity): LoginResult['user'] {
    return { username: user.username, roles: user.roles, department: user.department, displayName: user.displayName, applicant: user.applicantCode };
  }
}
