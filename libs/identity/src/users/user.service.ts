import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, DomainError, NotFoundError } from '@tongban/kernel';
import { DataSource, type EntityManager } from 'typeorm';
import { IdentityAuditService } from '../audit/identity-audit.service';
import { InjectIdentityConfig, type IdentityConfig } from '../config/identity-config';
import { DepartmentService } from '../departments/department.service';
import { LoginProtectionService } from '../login/login-protection.service';
import { assertPasswordAllowed } from '../passwords/password-policy';
import { hashPassword, verifyPassword } from '../password.util';
import type { Principal } from '../principal';
import { RegionService } from '../regions/region.service';
import { SessionService } from '../sessions/session.service';
import { UserEntity } from '../user.entity';
import type { CreateUserInput, UpdateUserInput, UserView } from './user.types';

/** Where a change came from: the acting principal and the client address, for the audit trail. */
export interface ChangeContext {
  actor: Principal;
  ip?: string | null;
}

function viewOf(user: UserEntity): UserView {
  return {
    username: user.username,
    displayName: user.displayName,
    department: user.department,
    region: user.region,
    roles: user.roles,
    disabled: user.disabledAt !== null,
    disabledAt: user.disabledAt,
    mustChangePassword: user.mustChangePassword,
    totpEnabled: user.totpEnabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** A one-time password handed to the user by the admin: 16 random characters. */
function generatedPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Users managed by admins (create, roles, department, disable, reset) and each user's own password; every change audited. */
@Injectable()
export class UserService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectIdentityConfig() private readonly config: IdentityConfig,
    private readonly departments: DepartmentService,
    private readonly regions: RegionService,
    private readonly sessions: SessionService,
    private readonly protection: LoginProtectionService,
    private readonly audit: IdentityAuditService,
  ) {}

  async list(filter: { department?: string; limit: number; offset: number }): Promise<{ items: UserView[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(UserEntity).findAndCount({
      where: filter.department ? { department: filter.department } : {},
      order: { username: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items: rows.map(viewOf), total };
  }

  async get(username: string): Promise<UserView> {
    return viewOf(await this.find(username));
  }

  /**
   * Creates a user with a one-time password they must change at first sign-in.
   * ONE transaction: 1. the user row (409 when the name is taken), in `input.region` (a region the
   * admin manages) or the admin's own; 2. the audit entry.
   */
  async create(input: CreateUserInput, context: ChangeContext): Promise<{ user: UserView; oneTimePassword?: string }> {
    if (input.department) await this.departments.assertUsable(input.department);
    const generated = input.password === undefined ? generatedPassword() : undefined;
    const password = input.password ?? generated!;
    if (input.password !== undefined) assertPasswordAllowed({ minLength: this.config.passwordMinLength }, input.username, password);
    const now = new Date();
    const user = await this.regions.writingIn(input.region, context.actor, () => this.dataSource.transaction(async (manager) => {
      const inserted = await manager.createQueryBuilder().insert().into(UserEntity).values({
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName ?? null,
        passwordHash: await hashPassword(password),
        roles: input.roles,
        department: input.department ?? null,
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
      }).orIgnore().returning('*').execute();
      if (inserted.raw.length === 0) throw new ConflictError(`A user named ${input.username} exists already`, { username: input.username });
      await this.audit.record({ actor: context.actor.name, action: 'user.created', target: `user:${input.username}`, ip: context.ip, details: { roles: input.roles, department: input.department ?? null } }, manager);
      return manager.getRepository(UserEntity).findOneByOrFail({ username: input.username });
    }));
    return generated ? { user: viewOf(user), oneTimePassword: generated } : { user: viewOf(user) };
  }

  /** Changes roles, department or display name; a change of roles or department ends the user's sessions. */
  async update(username: string, input: UpdateUserInput, context: ChangeContext): Promise<UserView> {
    if (input.department) await this.departments.assertUsable(input.department);
    const before = await this.find(username);
    const changes: Partial<UserEntity> = { updatedAt: new Date() };
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.department !== undefined) changes.department = input.department;
    if (input.roles !== undefined) changes.roles = input.roles;
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(UserEntity).update({ username }, changes);
      await this.audit.record({ actor: context.actor.name, action: 'user.updated', target: `user:${username}`, ip: context.ip, details: { ...input } }, manager);
    });
    const access = input.roles !== undefined || input.department !== undefined;
    if (access) await this.sessions.revokeAllOf(username);
    return viewOf({ ...before, ...changes } as UserEntity);
  }

  /** Disables a user: sign-in is refused and every token of theirs stops working at once. */
  async disable(username: string, context: ChangeContext): Promise<UserView> {
    if (username === context.actor.name) throw new DomainError('INVALID_STATE', 'An admin cannot disable their own account');
    await this.find(username);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE app_user SET disabled_at = COALESCE(disabled_at, now()), token_version = token_version + 1, updated_at = now() WHERE username = $1`, [username]);
      await this.audit.record({ actor: context.actor.name, action: 'user.disabled', target: `user:${username}`, ip: context.ip }, manager);
    });
    await this.sessions.revokeAllOf(username);
    return this.get(username);
  }

  async enable(username: string, context: ChangeContext): Promise<UserView> {
    await this.find(username);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE app_user SET disabled_at = NULL, updated_at = now() WHERE username = $1`, [username]);
      await this.audit.record({ actor: context.actor.name, action: 'user.enabled', target: `user:${username}`, ip: context.ip }, manager);
    });
    await this.protection.reset(username);
    return this.get(username);
  }

  /**
   * Sets a one-time password (given, or generated and returned once) the user must change at next
   * sign-in; ends their sessions and lifts a lockout.
   */
  async resetPassword(username: string, password: string | undefined, context: ChangeContext): Promise<{ user: UserView; oneTimePassword?: string }> {
    await this.find(username);
    if (password !== undefined) assertPasswordAllowed({ minLength: this.config.passwordMinLength }, username, password);
    const oneTime = password ?? generatedPassword();
    const hash = await hashPassword(oneTime);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE app_user SET password_hash = $2, must_change_password = true, token_version = token_version + 1, updated_at = now() WHERE username = $1`, [username, hash]);
      await this.audit.record({ actor: context.actor.name, action: 'user.password-reset', target: `user:${username}`, ip: context.ip }, manager);
    });
    await this.sessions.revokeAllOf(username);
    await this.protection.reset(username);
    const user = await this.get(username);
    return password === undefined ? { user, oneTimePassword: oneTime } : { user };
  }

  /** Removes a user's second factor (a lost phone): they sign in with the password and enrol again; their sessions end. */
  async resetTotp(username: string, context: ChangeContext): Promise<UserView> {
    await this.find(username);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE app_user SET totp_secret = NULL, totp_enabled = false, token_version = token_version + 1, updated_at = now() WHERE username = $1`, [username]);
      await this.audit.record({ actor: context.actor.name, action: 'user.totp-reset', target: `user:${username}`, ip: context.ip }, manager);
    });
    await this.sessions.revokeAllOf(username);
    return this.get(username);
  }

  /**
   * The caller changes their own password: the current one is checked, the new one meets the policy
   * and differs; every session of theirs ends and the caller's user row is returned for a new session.
   */
  async changeOwnPassword(principal: Principal, currentPassword: string, newPassword: string, ip: string | null): Promise<UserEntity> {
    const user = await this.find(principal.name);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new DomainError('VALIDATION_FAILED', 'The current password is wrong', { field: 'currentPassword' });
    }
    assertPasswordAllowed({ minLength: this.config.passwordMinLength }, user.username, newPassword);
    if (newPassword === currentPassword) throw new DomainError('VALIDATION_FAILED', 'The new password must differ from the current one', { field: 'newPassword', rule: 'unchanged' });
    const hash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE app_user SET password_hash = $2, must_change_password = false, token_version = token_version + 1, updated_at = now() WHERE username = $1`, [user.username, hash]);
      await this.audit.record({ actor: user.username, action: 'user.password-changed', target: `user:${user.username}`, ip }, manager);
    });
    await this.sessions.revokeAllOf(user.username);
    return this.find(user.username);
  }

  /** The user row, or 404. */
  async find(username: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const user = await manager.getRepository(UserEntity).findOne({ where: { username } });
    if (!user) throw new NotFoundError('User', username);
    return user;
  }
}
