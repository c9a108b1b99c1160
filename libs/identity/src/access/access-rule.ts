import type { Role, SessionRestriction } from '../principal';

/**
 * Whose things a route touches, beyond the caller's role: the caller's department's work, what the
 * calling integrator started, an applicant's own case, the caller's own account, or anything in the region.
 */
export type Ownership = 'department' | 'integrator' | 'applicant' | 'self' | 'any';

/** Who may call a route and what of theirs it may touch; one per route, enforced by the guard. */
export interface AccessRule {
  /** The roles that may call; `'public'` for routes without credentials. */
  roles: readonly Role[] | 'public';
  /** Whose things the route touches (services narrow lists and refuse others' items accordingly). */
  owns: Ownership;
  /** The route returns case data (personal fields): an API key needs the `readCaseData` scope. */
  personalData?: boolean;
  /** The route acts on behalf of an applicant: an API key needs the `actForApplicants` scope. */
  actsForApplicant?: boolean;
  /** Restricted sessions (one-time password, admin without TOTP) that may still call the route. */
  allowRestricted?: readonly SessionRestriction[];
}

/** Every role, for routes any signed-in caller may use. */
export const ANY_ROLE: readonly Role[] = ['admin', 'designer', 'supervisor', 'clerk', 'integrator'];

/** Who reads the public service catalogue (bundles, items, fields, certificate types): every role, applicants too. */
export const CATALOGUE_READERS: readonly Role[] = [...ANY_ROLE, 'applicant'];

/** Every role of staff. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'designer', 'supervisor', 'clerk'];

/** People who sign in to an account of their own (a JWT): staff and applicants. */
export const ACCOUNT_HOLDERS: readonly Role[] = [...STAFF_ROLES, 'applicant'];
