import { caseScopeOf, type Actor } from '@tongban/kernel';

/**
 * Which jobs an integrator sees, activates and works on: those of its own cases (and of cases
 * nobody started: timer, message and signal starts), and every job of a type its key names
 * explicitly (a department's back office consuming its queue). Staff see every job of their region.
 */
export interface JobVisibility {
  owner: string;
  /** Job types the key names by name (not through `"*"`). */
  namedTypes: string[];
}

/** The visibility of `actor`'s jobs, given the job types its key is scoped to; undefined: every job. */
export function jobVisibilityOf(actor: Actor, jobTypes: readonly string[] | undefined): JobVisibility | undefined {
  const scope = caseScopeOf(actor);
  if (scope.kind !== 'owner') return undefined;
  return { owner: scope.owner, namedTypes: (jobTypes ?? []).filter((type) => type !== '*') };
}

/**
 * `AND (…)` keeping the jobs (alias `job`) of instances (alias `instance`) visible under `visibility`,
 * with positional parameters from `$<first>`; empty when every job is visible.
 */
export function jobVisibilitySql(visibility: JobVisibility | undefined, job: string, instance: string, first: number): { sql: string; params: unknown[] } {
  if (!visibility) return { sql: '', params: [] };
  return {
    sql: `AND (${instance}.owner = $${first} OR ${instance}.owner IS NULL OR ${job}.type = ANY($${first + 1}::text[]))`,
    params: [visibility.owner, visibility.namedTypes],
  };
}
