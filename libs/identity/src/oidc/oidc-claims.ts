import { IdentityError } from '../errors/identity.error';
import type { Role } from '../principal';
import { OIDC_STAFF_ROLES, type OidcConfig } from './oidc-config';

/** Who the provider says signed in, in Tongban's terms. */
export type OidcIdentity =
  | { kind: 'staff'; subject: string; username: string; displayName: string | null; department: string; roles: Role[] }
  | { kind: 'applicant'; subject: string; username: string; displayName: string | null; applicantCode: string };

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,127}$/;
const APPLICANT_CODE = /^[0-9A-Z]{15,18}$/;
const DEPARTMENT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function text(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A roles claim as a list: an array of strings, or one string separated by spaces or commas. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

function refuse(message: string, claim: string): never {
  throw new IdentityError('OIDC_CLAIMS_REFUSED', message, { claim });
}

/**
 * Maps the provider's claims to a Tongban identity (403 `OIDC_CLAIMS_REFUSED` naming the claim
 * otherwise): the applicant claim marks an applicant; anyone else is staff and needs a department
 * and at least one staff role, mapped through `roleMap` or named as Tongban names them.
 */
export function identityOfClaims(claims: Record<string, unknown>, config: Pick<OidcConfig, 'claims' | 'roleMap'>): OidcIdentity {
  const subject = text(claims, 'sub') ?? refuse('The identity provider sent no subject', 'sub');
  const username = text(claims, config.claims.username) ?? refuse(`The identity provider sent no "${config.claims.username}" claim to name the user`, config.claims.username);
  if (!USERNAME.test(username)) refuse(`The "${config.claims.username}" claim is not a usable username (letters, digits, ".", "_", "@", "-")`, config.claims.username);
  const displayName = text(claims, 'name') ?? null;
  const applicantCode = text(claims, config.claims.applicant);
  if (applicantCode !== undefined) {
    if (!APPLICANT_CODE.test(applicantCode)) refuse(`The "${config.claims.applicant}" claim must be an applicant code: 15 to 18 digits or capital letters`, config.claims.applicant);
    return { kind: 'applicant', subject, username, displayName, applicantCode };
  }
  const department = text(claims, config.claims.department) ?? refuse(`The identity provider sent no "${config.claims.department}" claim: staff sign in with a department`, config.claims.department);
  if (!DEPARTMENT_CODE.test(department)) refuse(`The "${config.claims.department}" claim is not a department code`, config.claims.department);
  const roles = [...new Set(list(claims[config.claims.roles]).map((role) => config.roleMap.get(role) ?? role).filter((role): role is Role => OIDC_STAFF_ROLES.includes(role as Role)))];
  if (roles.length === 0) refuse(`The "${config.claims.roles}" claim names no Tongban role (${OIDC_STAFF_ROLES.join(', ')})`, config.claims.roles);
  return { kind: 'staff', subject, username, displayName, department, roles };
}
