import type { Actor } from '@tongban/kernel';
import type { ApiKeyScopes } from './api-keys/api-key-scopes';

export type Role = 'admin' | 'designer' | 'clerk' | 'supervisor' | 'integrator' | 'applicant';
export const ROLES: Role[] = ['admin', 'designer', 'clerk', 'supervisor', 'integrator', 'applicant'];

/** What a session may do before it is a full one: change the one-time password, or enrol a second factor. */
export type SessionRestriction = 'password-change' | 'totp-enrolment';

/**
 * The authenticated caller of a request: a member of staff or an applicant (JWT), or a system (API
 * key). A key with the scope `actForApplicants` that sends `X-On-Behalf-Of: <applicant code>` is
 * the applicant for that request: role `applicant`, `applicant` the code, `integrator` its own.
 */
export interface Principal extends Actor {
  kind: 'user' | 'system';
  /** The region the caller belongs to (`region.code`). */
  region: string;
  /** The sign-in session of a member of staff. */
  sessionId?: string;
  /** Set while the session may only change its password or enrol TOTP. */
  restriction?: SessionRestriction;
  /** What a system's key may touch. */
  scopes?: ApiKeyScopes;
}
