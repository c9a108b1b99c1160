import { Inject } from '@nestjs/common';
import type { Role } from '../principal';

/** The staff roles a provider's claim can grant; `integrator` belongs to keys, `applicant` to the applicant claim. */
export const OIDC_STAFF_ROLES: readonly Role[] = ['admin', 'designer', 'clerk', 'supervisor'];

/** Single sign-on through the agency's OpenID Connect provider, read once from the environment. */
export interface OidcConfig {
  /** The provider's issuer URL (`TONGBAN_OIDC_ISSUER`); its discovery document is read on first use. */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: Tongban's `/api/v1/auth/oidc/callback`. */
  redirectUri: string;
  scopes: string;
  /** Claims that give the username, the department code, the roles and (marking an applicant) the applicant code. */
  claims: { username: string; department: string; roles: string; applicant: string };
  /** The provider's role names mapped to Tongban's; a role without an entry counts when it is a staff role's own name. */
  roleMap: ReadonlyMap<string, Role>;
  /** The web app, which receives the sign-in ticket. */
  webUrl: string;
}

/** Injection token of the `OidcConfig` (`null` when single sign-on is not configured). */
export const OIDC_CONFIG = Symbol('OIDC_CONFIG');

/** Injects the `OidcConfig | null`. */
export const InjectOidcConfig = (): ParameterDecorator => Inject(OIDC_CONFIG);

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is required when TONGBAN_OIDC_ISSUER is set`);
  return value;
}

function url(name: string, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL, got "${value}"`);
  }
}

function roleMapOf(value: string | undefined): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [from, to] = entry.split(/[:=]/).map((part) => part?.trim());
    if (!from || !to || !OIDC_STAFF_ROLES.includes(to as Role)) {
      throw new Error(`TONGBAN_OIDC_ROLE_MAP entries are "<provider role>:<${OIDC_STAFF_ROLES.join('|')}>", got "${entry}"`);
    }
    map.set(from, to as Role);
  }
  return map;
}

/**
 * Reads and validates the single sign-on settings; `null` when `TONGBAN_OIDC_ISSUER` is unset.
 * Throws naming the first bad variable. In production the issuer must be https.
 */
export function loadOidcConfig(env: NodeJS.ProcessEnv = process.env): OidcConfig | null {
  const issuerText = env.TONGBAN_OIDC_ISSUER?.trim();
  if (!issuerText) return null;
  const issuer = url('TONGBAN_OIDC_ISSUER', issuerText);
  if (env.NODE_ENV === 'production' && issuer.protocol !== 'https:') throw new Error('TONGBAN_OIDC_ISSUER must be an https URL in production');
  const redirectUri = url('TONGBAN_OIDC_REDIRECT_URI', required(env, 'TONGBAN_OIDC_REDIRECT_URI')).href;
  const scopes = env.TONGBAN_OIDC_SCOPES?.trim() || 'openid profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new Error(`TONGBAN_OIDC_SCOPES must include openid, got "${scopes}"`);
  return {
    issuer,
    clientId: required(env, 'TONGBAN_OIDC_CLIENT_ID'),
    clientSecret: required(env, 'TONGBAN_OIDC_CLIENT_SECRET'),
    redirectUri,
    scopes,
    claims: {
      username: env.TONGBAN_OIDC_USERNAME_CLAIM?.trim() || 'preferred_username',
      department: env.TONGBAN_OIDC_DEPARTMENT_CLAIM?.trim() || 'department',
      roles: env.TONGBAN_OIDC_ROLES_CLAIM?.trim() || 'roles',
      applicant: env.TONGBAN_OIDC_APPLICANT_CLAIM?.trim() || 'applicant_code',
    },
    roleMap: roleMapOf(env.TONGBAN_OIDC_ROLE_MAP),
    webUrl: env.TONGBAN_OIDC_WEB_URL?.trim() || '/',
  };
}
