/** The rows of a `… RETURNING` statement: TypeORM gives `[rows, affected]` for UPDATE and DELETE, the rows for INSERT. */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}
