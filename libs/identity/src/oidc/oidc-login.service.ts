import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, regionContext, ROOT_REGION, ROOT_SCOPE } from '@tongban/kernel';
import { DataSource, type EntityManager } from 'typeorm';
import { IdentityAuditService } from '../audit/identity-audit.service';
import { DepartmentEntity } from '../departments/department.entity';
import { IdentityError } from '../errors/identity.error';
import { IdentityService, type LoginResult } from '../identity.service';
import { hashPassword } from '../password.util';
import { SessionService } from '../sessions/session.service';
import { UserEntity } from '../user.entity';
import { identityOfClaims, type OidcIdentity } from './oidc-claims';
import { OidcClient } from './oidc-client';
import { OidcFlowStore } from './oidc-flow.store';

/**
 * Sign-in through the agency's OpenID Connect provider: the redirect to the provider, the callback
 * that turns its claims into a Tongban account (provisioned on first sign-in, or linked to the
 * account of the same name or applicant code), and the one-time ticket the web app redeems for
 * the same session tokens a password sign-in gives.
 */
@Injectable()
export class OidcLoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: OidcClient,
    private readonly flows: OidcFlowStore,
    private readonly identity: IdentityService,
    private readonly sessions: SessionService,
    private readonly audit: IdentityAuditService,
  ) {}

  get enabled(): boolean {
    return this.client.enabled;
  }

  /** Starts a sign-in: the provider's URL to send the browser to, and the state the callback must bring back. */
  async begin(): Promise<{ url: string; state: string }> {
    const { url, secrets } = await this.client.authorizationUrl();
    await this.flows.saveFlow(secrets);
    return { url: url.href, state: secrets.state };
  }

  /**
   * Completes a sign-in from the provider's callback: 1. the state must be the one this browser
   * started with (its cookie) and still open (400 `OIDC_STATE_INVALID`); 2. the code is exchanged
   * (401 `OIDC_CODE_REFUSED` when refused, e.g. replayed); 3. the claims give the account (403 for
   * unusable claims or an unknown department, 401 for a disabled account); 4. a one-time ticket for
   * the web app, whose URL is returned.
   */
  async complete(query: URLSearchParams, browserState: string | undefined, ip: string): Promise<string> {
    const settings = this.client.settings();
    const state = query.get('state');
    if (!state || !browserState || state !== browserState) {
      throw new IdentityError('OIDC_STATE_INVALID', 'The sign-in state does not match the one this browser started with; start the sign-in again', { field: 'state' });
    }
    const secrets = await this.flows.takeFlow(state);
    if (!secrets) throw new IdentityError('OIDC_STATE_INVALID', 'The sign-in has expired or was completed already; start the sign-in again', { field: 'state' });
    const claims = await this.client.claimsOf(query, secrets);
    const user = await this.accountOf(claims, ip);
    const ticket = await this.flows.issueTicket(user.username);
    const target = new URL(settings.webUrl, 'http://tongban.invalid');
    target.searchParams.set('oidc_ticket', ticket);
    return target.origin === 'http://tongban.invalid' ? `${target.pathname}${target.search}${target.hash}` : target.href;
  }

  /** Redeems a ticket once for a session; 401 `OIDC_TICKET_INVALID` when unknown, expired or redeemed, 401 for an account disabled meanwhile. */
  async redeem(ticket: string): Promise<LoginResult> {
    const username = await this.flows.redeemTicket(ticket);
    if (!username) throw new IdentityError('OIDC_TICKET_INVALID', 'Unknown, expired or already redeemed sign-in ticket; sign in again');
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { username } });
    if (!user || user.disabledAt) throw new DomainError('UNAUTHENTICATED', 'The account is disabled');
    return this.identity.startSession(user);
  }

  /** The account the claims name: found by the provider's subject, else linked by name (staff) or applicant code, else provisioned. */
  private async accountOf(claims: Record<string, unknown>, ip: string): Promise<UserEntity> {
    const issuer = this.client.settings().issuer.href;
    const identity = identityOfClaims(claims, this.client.settings());
    const repo = this.dataSource.getRepository(UserEntity);
    const bySubject = await repo.findOne({ where: { oidcIssuer: issuer, oidcSubject: identity.subject } });
    const existing = bySubject ?? (identity.kind === 'staff'
      ? await repo.findOne({ where: { username: identity.username } })
      : await repo.findOne({ where: { applicantCode: identity.applicantCode } }));
    if (existing) {
      await this.assertMayUse(existing, identity, issuer, ip);
      return this.synchronised(existing, identity, issuer, ip);
    }
    return this.provisioned(identity, issuer, ip);
  }

  /** Refuses a disabled account, an account of another subject, or one of the other kind (staff / applicant). */
  private async assertMayUse(user: UserEntity, identity: OidcIdentity, issuer: string, ip: string): Promise<void> {
    if (user.disabledAt) {
      await this.audit.record({ actor: user.username, action: 'login.refused', target: `user:${user.username}`, ip, details: { reason: 'disabled', via: 'oidc' } });
      throw new DomainError('UNAUTHENTICATED', 'The account is disabled');
    }
    if (user.oidcSubject !== null && (user.oidcSubject !== identity.subject || user.oidcIssuer !== issuer)) {
      throw new IdentityError('OIDC_CLAIMS_REFUSED', `The account ${user.username} belongs to another identity of the provider`, { claim: 'sub' });
    }
    const applicant = identity.kind === 'applicant';
    if (applicant !== (user.applicantCode !== null) || (applicant && user.applicantCode !== identity.applicantCode)) {
      throw new IdentityError('OIDC_CLAIMS_REFUSED', `The account ${user.username} is ${user.applicantCode ? 'an applicant' : 'staff'}'s; the provider's claims say otherwise`, { claim: applicant ? this.client.settings().claims.applicant : 'sub' });
    }
  }

  /**
   * Links the account to the subject on first sign-in and takes the department and roles from the
   * claims; a change of either ends the account's other sessions. ONE transaction with its audit entry.
   */
  private async synchronised(user: UserEntity, identity: OidcIdentity, issuer: string, ip: string): Promise<UserEntity> {
    const linking = user.oidcSubject === null;
    const staff = identity.kind === 'staff' ? identity : null;
    const department = staff && staff.department !== user.department ? await this.departmentOf(staff.department, ip, identity.username) : null;
    const rolesChanged = staff !== null && [...staff.roles].sort().join(',') !== [...user.roles].sort().join(',');
    if (!linking && !department && !rolesChanged) return user;
    const changes: Partial<UserEntity> = {
      updatedAt: new Date(),
      ...(linking ? { oidcIssuer: issuer, oidcSubject: identity.subject } : {}),
      ...(department ? { department: department.code } : {}),
      ...(staff && rolesChanged ? { roles: staff.roles } : {}),
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(UserEntity).update({ id: user.id }, changes);
      await this.audit.record({
        actor: user.username, action: linking ? 'user.oidc-linked' : 'user.oidc-updated', target: `user:${user.username}`, ip,
        details: { issuer, subject: identity.subject, ...(changes.department ? { department: changes.department } : {}), ...(changes.roles ? { roles: changes.roles } : {}) },
      }, manager);
    });
    if (department || rolesChanged) await this.sessions.revokeAllOf(user.username);
    return { ...user, ...changes } as UserEntity;
  }

  /** A new account from the claims, in its department's region (applicants in the root region). ONE transaction with its audit entry. */
  private async provisioned(identity: OidcIdentity, issuer: string, ip: string): Promise<UserEntity> {
    const department = identity.kind === 'staff' ? await this.departmentOf(identity.department, ip, identity.username) : null;
    const home = department?.region ?? ROOT_REGION;
    const unusablePassword = await hashPassword(randomBytes(32).toString('base64url'));
    return regionContext.run({ ...ROOT_SCOPE, home }, () => this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const inserted = await manager.createQueryBuilder().insert().into(UserEntity).values({
        id: randomUUID(),
        username: identity.username,
        displayName: identity.displayName,
        passwordHash: unusablePassword,
        roles: identity.kind === 'staff' ? identity.roles : ['applicant'],
        department: department?.code ?? null,
        applicantCode: identity.kind === 'applicant' ? identity.applicantCode : null,
        oidcIssuer: issuer,
        oidcSubject: identity.subject,
        createdAt: now,
        updatedAt: now,
      }).orIgnore().returning('id').execute();
      if (inserted.raw.length === 0) throw new IdentityError('OIDC_CLAIMS_REFUSED', `An account named ${identity.username} exists already and belongs to someone else`, { claim: 'sub' });
      await this.record(manager, identity, issuer, ip, department?.code ?? null);
      return manager.getRepository(UserEntity).findOneByOrFail({ username: identity.username });
    }));
  }

  private record(manager: EntityManager, identity: OidcIdentity, issuer: string, ip: string, department: string | null): Promise<void> {
    const roles = identity.kind === 'staff' ? identity.roles : ['applicant'];
    return this.audit.record({ actor: identity.username, action: 'user.oidc-provisioned', target: `user:${identity.username}`, ip, details: { issuer, subject: identity.subject, roles, department } }, manager);
  }

  /** The department the claims name; 403 `OIDC_DEPARTMENT_UNKNOWN` (audited) when Tongban has none of that code or it is disabled. */
  private async departmentOf(code: string, ip: string, username: string): Promise<DepartmentEntity> {
    const department = await this.dataSource.getRepository(DepartmentEntity).findOne({ where: { code } });
    if (department && !department.disabledAt) return department;
    await this.audit.record({ actor: username, action: 'login.refused', target: `user:${username}`, ip, details: { reason: 'unknown-department', department: code, via: 'oidc' } });
    throw new IdentityError('OIDC_DEPARTMENT_UNKNOWN', `The identity provider names the department "${code}", which Tongban ${department ? 'has disabled' : 'does not know'}; an admin must create it first`, { department: code });
  }
}
