import { IdentityError } from '../errors/identity.error';
import { COMMON_PASSWORDS } from './common-passwords';

const COMMON = new Set(COMMON_PASSWORDS);

/** The password rules a new password must meet; a refusal names the rule it broke. */
export interface PasswordPolicy {
  minLength: number;
}

/**
 * Refuses a password shorter than the policy's minimum, containing the user name, or on the list of
 * the most common passwords (400 `PASSWORD_POLICY`, `details.rule` = `min-length` | `contains-username` | `common-password`).
 */
export function assertPasswordAllowed(policy: PasswordPolicy, username: string, password: string): void {
  if ([...password].length < policy.minLength) {
    throw new IdentityError('PASSWORD_POLICY', `The password must have at least ${policy.minLength} characters`, { rule: 'min-length', minLength: policy.minLength });
  }
  const lower = password.toLowerCase();
  const names = username.toLowerCase().split(/[.@_-]/).filter((part) => part.length >= 3);
  if (lower.includes(username.toLowerCase()) || names.some((part) => lower.includes(part))) {
    throw new IdentityError('PASSWORD_POLICY', 'The password must not contain the user name', { rule: 'contains-username' });
  }
  if (COMMON.has(lower)) {
    throw new IdentityError('PASSWORD_POLICY', 'The password is one of the most common passwords', { rule: 'common-password' });
  }
}
