import { DomainError, type DomainErrorCode } from '@tongban/kernel';

/** Codes of identity's refusals; the api's exception filter maps them to HTTP statuses. */
export type IdentityErrorCode =
  | 'PASSWORD_POLICY'
  | 'TOO_MANY_REQUESTS'
  | 'ACCOUNT_LOCKED'
  | 'TOTP_REQUIRED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TOTP_ENROLMENT_REQUIRED'
  | 'SCOPE_MISSING'
  | 'OIDC_NOT_CONFIGURED'
  | 'OIDC_STATE_INVALID'
  | 'OIDC_CODE_REFUSED'
  | 'OIDC_CLAIMS_REFUSED'
  | 'OIDC_DEPARTMENT_UNKNOWN'
  | 'OIDC_TICKET_INVALID';

/** A refusal of identity: a password against the policy, a locked account, a missing scope… */
export class IdentityError extends DomainError {
  constructor(code: IdentityErrorCode, message: string, details?: Record<string, unknown>) {
    super(code as DomainErrorCode, message, details);
  }
}

/** Redis, which keeps the sign-in counters, cannot be reached: 503, the operator must act. */
export class SignInUnavailableError extends DomainError {
  override readonly fault: 'user' | 'infrastructure' = 'infrastructure';

  constructor(cause: unknown) {
    super('SIGN_IN_UNAVAILABLE' as DomainErrorCode, `Sign-in is unavailable: its counters cannot be reached (${(cause as Error)?.message ?? cause})`);
  }
}

/** Too many attempts: `retryAfterSeconds` becomes the `Retry-After` header of the 429. */
export class RateLimitedError extends IdentityError {
  constructor(code: 'TOO_MANY_REQUESTS' | 'ACCOUNT_LOCKED', message: string, readonly retryAfterSeconds: number) {
    super(code, message, { retryAfterSeconds });
  }
}

/** The identity provider cannot be reached or answered nonsense: 502, the operator must act. */
export class OidcProviderUnavailableError extends DomainError {
  override readonly fault: 'user' | 'infrastructure' = 'infrastructure';

  constructor(reason: string) {
    super('OIDC_PROVIDER_UNAVAILABLE' as DomainErrorCode, `The identity provider cannot be reached: ${reason}`);
  }
}
