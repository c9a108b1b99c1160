import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME_CONFIG, DomainError, type RuntimeConfig } from '@tongban/kernel';
import jwt from 'jsonwebtoken';
import { InjectIdentityConfig, type IdentityConfig } from './config/identity-config';
import type { Principal, SessionRestriction } from './principal';

interface TokenClaims {
  sub: string;
  roles: string[];
  department: string | null;
  /** The user's region. */
  reg: string;
  /** The sign-in session; revoking it ends the token at once. */
  sid: string;
  /** A session that may only change its password or enrol TOTP. */
  rst?: SessionRestriction;
  /** The applicant's identifier, for an applicant's session. */
  app?: string;
}

/** Tokens verified at most this many at once are remembered; past it the memory starts afresh. */
const MAX_VERIFIED = 10_000;

/** Issues and checks staff access tokens (JWT, HS256), each bound to a sign-in session. */
@Injectable()
export class TokenService {
  /**
   * The secret as a key object, made once: given a string, jsonwebtoken turns it into a key on every
   * sign and verify, which was an eighth of the api's CPU under load.
   */
  private readonly key: KeyObject;
  private readonly ttlSeconds: number;
  /**
   * Tokens already verified, with their principal and expiry (ms): a client sends the same token with
   * every request, and decoding plus the HMAC was a fiftieth of the api's CPU per request. Only valid
   * tokens are kept; one is checked again once it has expired, as jsonwebtoken would refuse it then.
   */
  private readonly verified = new Map<string, { principal: Principal & { sessionId: string }; expiresAt: number }>();

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig, @InjectIdentityConfig() identityConfig: IdentityConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    this.ttlSeconds = identityConfig.accessTokenTtlSeconds;
  }

  issue(principal: Principal & { sessionId: string }): { accessToken: string; expiresIn: number } {
    const claims: TokenClaims = { sub: principal.name, roles: principal.roles, department: principal.department, reg: principal.region, sid: principal.sessionId };
    if (principal.restriction) claims.rst = principal.restriction;
    if (principal.applicant) claims.app = principal.applicant;
    const accessToken = jwt.sign(claims, this.key, { algorithm: 'HS256', expiresIn: this.ttlSeconds, issuer: 'tongban' });
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The principal of a valid, unexpired token; whether its session still holds is the session service's question. */
  verify(token: string): Principal & { sessionId: string } {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return { ...known.principal };
    const { principal, expiresAt } = this.decode(token);
    if (expiresAt !== undefined) {
      if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
      this.verified.set(token, { principal, expiresAt });
    }
    return { ...principal };
  }

  /** The token's principal, and when it expires (ms) if it says. */
  private decode(token: string): { principal: Principal & { sessionId: string }; expiresAt?: number } {
    let claims: TokenClaims & { exp?: unknown };
    try {
      claims = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: 'tongban' }) as TokenClaims;
    } catch (error) {
      throw new DomainError('UNAUTHENTICATED', `Invalid access token: ${(error as Error).message}`);
    }
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || typeof claims.sid !== 'string' || typeof claims.reg !== 'string') throw new DomainError('UNAUTHENTICATED', 'Invalid access token');
    const principal: Principal & { sessionId: string } = { kind: 'user', name: claims.sub, roles: claims.roles, department: claims.department ?? null, region: claims.reg, sessionId: claims.sid };
    if (claims.rst) principal.restriction = claims.rst;
    if (typeof claims.app === 'string') principal.applicant = claims.app;
    return { principal, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined };
  }
}
