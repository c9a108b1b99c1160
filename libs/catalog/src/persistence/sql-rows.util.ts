/** TypeORM returns `[rows, affected]` for UPDATE/INSERT … RETURNING on PostgreSQL, plain rows for SELECT. */
export function sqlRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}
