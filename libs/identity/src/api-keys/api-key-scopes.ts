import { IdentityError } from '../errors/identity.error';
import type { Principal } from '../principal';

/** What an API key may do beyond its role: `"*"` in a list allows every name. */
export interface ApiKeyScopes {
  /** Process keys it may start. */
  processes: string[];
  /** Job types it may activate and work on. */
  jobTypes: string[];
  /** Whether it may read case data (instances, variables, history, applications). */
  readCaseData: boolean;
  /** Whether it may submit applications on behalf of applicants. */
  actForApplicants: boolean;
}

/** The scopes of the demo key and of keys made before scopes existed. */
export const FULL_SCOPES: ApiKeyScopes = { processes: ['*'], jobTypes: ['*'], readCaseData: true, actForApplicants: true };

/** Whether a scope list names `name`. */
export function scopeAllows(list: readonly string[], name: string): boolean {
  return list.includes('*') || list.includes(name);
}

/**
 * Refuses a system caller whose key does not name `name` in the scope list `scope`; staff
 * (JWT) callers are decided by their roles alone.
 */
export function assertScope(principal: Principal, scope: 'processes' | 'jobTypes', name: string): void {
  if (principal.kind !== 'system' || !principal.scopes) return;
  if (scopeAllows(principal.scopes[scope], name)) return;
  throw new IdentityError('SCOPE_MISSING', `The API key of ${principal.name} has no scope ${scope} for "${name}"`, { scope, name });
}

/** Whether the caller is a key limited to some names of `scope` (staff and keys with `"*"` are not). */
export function isScopeLimited(principal: Principal, scope: 'processes' | 'jobTypes'): boolean {
  return principal.kind === 'system' && !!principal.scopes && !principal.scopes[scope].includes('*');
}

/**
 * A list read by a key limited to some names of `scope` must filter by one of them (`filter` is the
 * query parameter that carries it): 403 `SCOPE_MISSING` otherwise.
 */
export function assertScopedFilter(principal: Principal, scope: 'processes' | 'jobTypes', filter: string, name: string | undefined): void {
  if (!isScopeLimited(principal, scope)) return;
  if (name === undefined) {
    throw new IdentityError('SCOPE_MISSING', `The API key of ${principal.name} is limited to some ${scope}: filter by ${filter}`, { scope, filter });
  }
  assertScope(principal, scope, name);
}

/** Whether a system caller's key has the flag `scope`; staff callers always do. */
export function hasScopeFlag(principal: Principal, scope: 'readCaseData' | 'actForApplicants'): boolean {
  return principal.kind !== 'system' || !principal.scopes || principal.scopes[scope];
}
