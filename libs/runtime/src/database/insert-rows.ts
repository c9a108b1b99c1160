import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Rows per INSERT statement: PostgreSQL's wire protocol allows at most 65,535 bind parameters per
 * statement, and a command that runs up to its step budget writes tens of thousands of history rows.
 */
const ROWS_PER_STATEMENT = 1000;

/**
 * Inserts entity rows, in one statement per ROWS_PER_STATEMENT rows. Typed by the entity itself:
 * TypeORM's partial-entity type cannot express jsonb columns holding arbitrary records.
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: Partial<T> | Partial<T>[]): Promise<void> {
  if (!Array.isArray(rows) || rows.length <= ROWS_PER_STATEMENT) {
    await manager.insert(entity, rows as QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[]);
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await manager.insert(entity, rows.slice(i, i + ROWS_PER_STATEMENT) as QueryDeepPartialEntity<T>[]);
  }
}
