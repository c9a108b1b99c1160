import { hasRole, type Actor } from './actor';

/**
 * Which cases a caller may see at all: every case (supervisors, admins), the cases of one owner
 * (an integrator: what its keys started), the cases where one department has or had a step (a
 * clerk), one applicant's cases, or none (designers).
 */
export type CaseScope =
  | { kind: 'all' }
  | { kind: 'owner'; owner: string }
  | { kind: 'department'; department: string | null }
  | { kind: 'applicant'; applicant: string; owner: string | null }
  | { kind: 'none' };

/**
 * The owner recorded on a case the actor starts: `integrator:<name>` for a system's key (also
 * when it acts for an applicant), `applicant:<code>` for an applicant signed in themselves,
 * `user:<username>` for staff.
 */
export function ownerOf(actor: Actor): string | null {
  if (actor.integrator) return `integrator:${actor.integrator}`;
  if (actor.applicant) return `applicant:${actor.applicant}`;
  return actor.name ? `user:${actor.name}` : null;
}

export function caseScopeOf(actor: Actor): CaseScope {
  if (hasRole(actor, 'admin', 'supervisor')) return { kind: 'all' };
  if (actor.applicant) return { kind: 'applicant', applicant: actor.applicant, owner: actor.integrator ? ownerOf(actor) : null };
  if (hasRole(actor, 'integrator')) return { kind: 'owner', owner: ownerOf(actor)! };
  if (hasRole(actor, 'clerk')) return { kind: 'department', department: actor.department };
  return { kind: 'none' };
}
