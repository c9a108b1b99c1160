import { Inject } from '@nestjs/common';

/** Settings of sign-in, sessions, passwords and keys, read once from the environment. */
export interface IdentityConfig {
  /** Lifetime of an access token (`TONGBAN_ACCESS_TOKEN_TTL`, seconds, default 900). */
  accessTokenTtlSeconds: number;
  /** Lifetime of a refresh token (`TONGBAN_REFRESH_TOKEN_TTL`, seconds, default 12 h). */
  refreshTokenTtlSeconds: number;
  /** Shortest password accepted (`TONGBAN_PASSWORD_MIN_LENGTH`, default 12). */
  passwordMinLength: number;
  /** Failed sign-ins of one account before it is locked (`TONGBAN_LOGIN_MAX_FAILURES`, default 5). */
  loginMaxFailures: number;
  /** First lockout, doubled with every further one up to an hour (`TONGBAN_LOGIN_LOCKOUT_SECONDS`, default 60). */
  lockoutSeconds: number;
  /** Sign-in attempts per client address and window (`TONGBAN_LOGIN_IP_LIMIT`, default 30). */
  loginIpLimit: number;
  /** The window of the per-address limit (`TONGBAN_LOGIN_IP_WINDOW_SECONDS`, default 60). */
  loginIpWindowSeconds: number;
  /** How long a rotated API key keeps working (`TONGBAN_API_KEY_GRACE_SECONDS`, default 24 h). */
  apiKeyGraceSeconds: number;
  /** Admins must sign in with a TOTP code (`TONGBAN_ADMIN_TOTP`, default on in production). */
  adminTotpRequired: boolean;
  /** Requests per API key or user (per address without credentials) and window, across api processes (`TONGBAN_API_RATE_LIMIT`, default 6000). */
  apiRateLimit: number;
  /** The window of the API-wide limit (`TONGBAN_API_RATE_WINDOW_SECONDS`, default 60). */
  apiRateWindowSeconds: number;
  /** How long an api process trusts what it knows of a session before asking the database (`TONGBAN_SESSION_CACHE_MS`, default 5000). */
  sessionCacheMs: number;
}

/** Injection token of the `IdentityConfig`. */
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');

/** Injects the `IdentityConfig`. */
export const InjectIdentityConfig = (): ParameterDecorator => Inject(IDENTITY_CONFIG);

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return parsed;
}

/** Reads and validates the identity settings; throws naming the first bad variable. */
export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const production = env.NODE_ENV === 'production';
  const totp = env.TONGBAN_ADMIN_TOTP;
  if (totp !== undefined && totp !== '' && !/^(true|false|1|0)$/i.test(totp)) throw new Error(`TONGBAN_ADMIN_TOTP must be true or false, got "${totp}"`);
  return {
    accessTokenTtlSeconds: positiveInteger(env, 'TONGBAN_ACCESS_TOKEN_TTL', 900),
    refreshTokenTtlSeconds: positiveInteger(env, 'TONGBAN_REFRESH_TOKEN_TTL', 12 * 3600),
    passwordMinLength: positiveInteger(env, 'TONGBAN_PASSWORD_MIN_LENGTH', 12),
    loginMaxFailures: positiveInteger(env, 'TONGBAN_LOGIN_MAX_FAILURES', 5),
    lockoutSeconds: positiveInteger(env, 'TONGBAN_LOGIN_LOCKOUT_SECONDS', 60),
    loginIpLimit: positiveInteger(env, 'TONGBAN_LOGIN_IP_LIMIT', 30),
    loginIpWindowSeconds: positiveInteger(env, 'TONGBAN_LOGIN_IP_WINDOW_SECONDS', 60),
    apiKeyGraceSeconds: positiveInteger(env, 'TONGBAN_API_KEY_GRACE_SECONDS', 24 * 3600),
    adminTotpRequired: totp === undefined || totp === '' ? production : /^(true|1)$/i.test(totp),
    sessionCacheMs: positiveInteger(env, 'TONGBAN_SESSION_CACHE_MS', 5000),
    apiRateLimit: positiveInteger(env, 'TONGBAN_API_RATE_LIMIT', 6000),
    apiRateWindowSeconds: positiveInteger(env, 'TONGBAN_API_RATE_WINDOW_SECONDS', 60),
  };
}
