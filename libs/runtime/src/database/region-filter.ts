import { regionContext } from '@tongban/kernel';

/**
 * The distribution column fixed to the transaction's region. After the instance lock (which sets
 * `tongban.region` from the instance row, `instances.readForCommand`) or once a new instance's region
 * is chosen (`instances.actInRegionOfNew`), every row the command reads or writes is in that region:
 * with this predicate in its WHERE a statement touches one shard of a table distributed by `region`.
 */
export const IN_COMMAND_REGION = `region = current_setting('tongban.region')`;

/** The value of the distribution column a command's INSERT writes explicitly (the region of the instance). */
export const COMMAND_REGION = `current_setting('tongban.region')`;

/**
 * The distribution column of a row inserted in the transaction's region (set by an instance's start or
 * lock, or by a handler from its job's region), named as Citus needs: the very value the column's default
 * gives, so that a row written with no region set still fails instead of landing in ''.
 */
export const ROW_REGION = `NULLIF(current_setting('tongban.region', true), '')`;

/**
 * `AND region = current_setting('tongban.region')` when the caller's scope is one region (a clerk, an
 * integrator, a city's admin: `tongban.region` is then the only region its rows can be in), so its read
 * by id touches one shard; empty for a caller of several regions (a province's supervisor, the system),
 * whose read keeps the row-level security's list and is multi-shard until it has learnt the region.
 */
export function andCallerRegion(alias = ''): string {
  const scope = regionContext.current();
  if (!scope || scope.home === null || scope.regions === 'all') return '';
  return scope.regions.length === 1 && scope.regions[0] === scope.home ? ` AND ${alias}${IN_COMMAND_REGION}` : '';
}
