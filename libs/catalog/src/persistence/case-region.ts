/**
 * The distribution column of a case row the catalog inserts (Citus: every hot statement names it): the
 * transaction's region — the case's, set by the instance's start or lock, or by a handler from its job's
 * region. The very value the column's default gives, named, so that a row without a region still fails.
 */
export const CASE_ROW_REGION = `NULLIF(current_setting('tongban.region', true), '')`;
