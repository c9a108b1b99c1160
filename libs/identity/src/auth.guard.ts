import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ForbiddenError } from '@tongban/kernel';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';
import { IdentityService } from './identity.service';
import type { Principal, Role } from './principal';
import { TokenService } from './token.service';

interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Every route needs credentials unless marked `@Public()`: a staff JWT (`Authorization: Bearer`)
 * or a system key (`X-API-Key`). `@Roles(...)` narrows who may call; admin may call anything.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !principal.roles.includes('admin') && !principal.roles.some((r) => roles.includes(r as Role))) {
      throw new ForbiddenError(`This operation needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(request: AuthRequest): Promise<Principal> {
    const authorization = header(request, 'authorization');
    if (authorization) {
      const match = /^Bearer\s+(.+)$/i.exec(authorization);
      if (!match) throw new DomainError('UNAUTHENTICATED', 'Authorization header must be "Bearer <token>"');
      return this.tokens.verify(match[1].trim());
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
