import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts entity rows in one statement. Typed by the entity itself: TypeORM's partial-entity type
 * cannot express jsonb columns holding arbitrary records.
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: Partial<T> | Partial<T>[]): Promise<void> {
  await manager.insert(entity, rows as QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[]);
}
