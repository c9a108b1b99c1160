/** Who issues a command: a member of staff or a system, with its roles and department. */
export interface Actor {
  /** Username, or `apikey:<name>` for a system. */
  name: string;
  roles: string[];
  department: string | null;
  /** The integrator a system's key belongs to. */
  integrator?: string | null;
  /** The applicant's identifier when the caller is an applicant, or acts for one (`X-On-Behalf-Of`). */
  applicant?: string | null;
}

/** Roles that read every department's work. */
const READ_ALL_ROLES = ['admin', 'supervisor', 'designer', 'integrator'];

export function hasRole(actor: Actor, ...roles: string[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

/** A clerk and nothing more: confined to the own department's tasks. */
export function isConfinedToDepartment(actor: Actor): boolean {
  return !hasRole(actor, ...READ_ALL_ROLES);
}

/** Who may claim and complete a task of a department: an admin, or a clerk of that department. */
export function mayWorkOn(actor: Actor, department: string | null): boolean {
  if (hasRole(actor, 'admin')) return true;
  return hasRole(actor, 'clerk') && actor.department !== null && actor.department === department;
}
