import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ForbiddenError, regionContext, ROOT_SCOPE, type RegionScope } from '@tongban/kernel';
import { ACCESS_RULE } from './access/access.decorator';
import type { AccessRule } from './access/access-rule';
import { hasScopeFlag } from './api-keys/api-key-scopes';
import { IdentityAuditService } from './audit/identity-audit.service';
import { IdentityError } from './errors/identity.error';
import { IdentityService } from './identity.service';
import { RegionService } from './regions/region.service';
import type { Principal } from './principal';
import { SessionService } from './sessions/session.service';
import { TokenService } from './token.service';

interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  originalUrl?: string;
  ip?: string;
  principal?: Principal;
  regionScope?: RegionScope;
}

/** An applicant's identifier as `X-On-Behalf-Of` may carry it: a citizen ID number or a unified social credit code. */
const APPLICANT_CODE = /^[0-9A-Z]{15,18}$/;

/**
 * Enforces each route's `@Access` rule: credentials (a staff JWT of a live session, or a system
 * `X-API-Key`) unless the route is public, one of the rule's roles, the key's scopes for personal
 * data and acting for applicants, and the limits of a restricted session. A route without a rule is refused.
 * A key with the scope `actForApplicants` sending `X-On-Behalf-Of: <applicant code>` becomes that
 * applicant (role `applicant`) for the request, which is audited.
 * Then it finds the request's region scope: the caller's region, and the regions below it for
 * admins and supervisors, and gives it to the request (`regionContext.assign`; the server runs each
 * request in `regionScopeMiddleware`), so the handler acts in it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly identity: IdentityService,
    private readonly audit: IdentityAuditService,
    private readonly regions: RegionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler());
    if (!rule) throw new ForbiddenError(`The route ${context.getClass().name}.${context.getHandler().name} has no access rule`);
    const request = context.switchToHttp().getRequest<AuthRequest>();
    if (rule.roles === 'public') {
      // sign-in, token refresh, health: users are looked up across regions; sessions and audit entries go to the root
      request.regionScope = ROOT_SCOPE;
      regionContext.assign(ROOT_SCOPE);
      return true;
    }
    const principal = await regionContext.runAsSystem(async () => this.actingFor(request, await this.authenticate(request)));
    request.principal = principal;
    this.authorize(rule, rule.roles, principal);
    const scope = await this.regions.scopeOf(principal);
    request.regionScope = scope;
    regionContext.assign(scope);
    if (principal.applicant && principal.integrator) {
      await regionContext.run(scope, () =>
        this.audit.record({ actor: principal.name, action: 'applicant.acted-for', target: `applicant:${principal.applicant}`, ip: request.ip ?? null, details: { method: request.method, path: request.originalUrl?.split('?')[0] } }),
      );
    }
    return true;
  }

  private authorize(rule: AccessRule, roles: readonly string[], principal: Principal): void {
    if (principal.restriction && !rule.allowRestricted?.includes(principal.restriction)) {
      if (principal.restriction === 'password-change') throw new IdentityError('PASSWORD_CHANGE_REQUIRED', 'Change the one-time password first (POST /api/v1/me/password)');
      throw new IdentityError('TOTP_ENROLMENT_REQUIRED', 'Admins must enrol a second factor first (POST /api/v1/me/totp)');
    }
    if (!principal.roles.some((role) => roles.includes(role))) {
      throw new ForbiddenError(`This operation needs one of the roles ${roles.join(', ')}`);
    }
    if (rule.personalData && !hasScopeFlag(principal, 'readCaseData')) {
      throw new IdentityError('SCOPE_MISSING', `The API key of ${principal.name} has no scope readCaseData`, { scope: 'readCaseData' });
    }
    if (rule.actsForApplicant && !hasScopeFlag(principal, 'actForApplicants')) {
      throw new IdentityError('SCOPE_MISSING', `The API key of ${principal.name} has no scope actForApplicants`, { scope: 'actForApplicants' });
    }
  }

  /** The key's principal, or the applicant it acts for when it sends `X-On-Behalf-Of`. */
  private actingFor(request: AuthRequest, principal: Principal): Principal {
    const code = header(request, 'x-on-behalf-of');
    if (code === undefined) return principal;
    if (principal.kind !== 'system') throw new DomainError('VALIDATION_FAILED', 'X-On-Behalf-Of is for API keys; staff act in their own name', { header: 'X-On-Behalf-Of' });
    if (!hasScopeFlag(principal, 'actForApplicants')) {
      throw new IdentityError('SCOPE_MISSING', `The API key of ${principal.name} has no scope actForApplicants`, { scope: 'actForApplicants' });
    }
    if (!APPLICANT_CODE.test(code)) throw new DomainError('VALIDATION_FAILED', 'X-On-Behalf-Of must be an applicant code: 15 to 18 digits or capital letters', { header: 'X-On-Behalf-Of' });
    return { ...principal, roles: ['applicant'], applicant: code };
  }

  private async authenticate(request: AuthRequest): Promise<Principal> {
    const authorization = header(request, 'authorization');
    if (authorization) {
      const match = /^Bearer\s+(.+)$/i.exec(authorization);
      if (!match) throw new DomainError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
      const principal = this.tokens.verify(match[1].trim());
      await this.sessions.assertActive(principal.sessionId, principal.name);
      return principal;
    }
    const apiKey = header(request, 'x-api-key');
    if (apiKey) return this.identity.authenticateApiKey(apiKey);
    throw new DomainError('UNAUTHENTICATED', 'Credentials required: a Bearer token or an X-API-Key header');
  }
}

function header(request: AuthRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
