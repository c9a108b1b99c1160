import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** `offset` / `limit` of a paged list. */
export class PagingQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

export function paging(query: PagingQuery): { offset: number; limit: number } {
  return { offset: query.offset ?? 0, limit: query.limit ?? 50 };
}

/**
 * The deepest `offset` of a list paged by cursor: a deeper offset would make the database walk and
 * drop that many rows per page, so it is refused (400) and the client pages on with `after`.
 */
export const MAX_OFFSET = 10_000;

/** Paging of a list that also pages by cursor (the list declares its `after`): `offset` bounded by MAX_OFFSET. */
export class BoundedPagingQuery {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: `at most ${MAX_OFFSET}; page further with \`after\`` })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  @Max(MAX_OFFSET, { message: `offset must not be greater than ${MAX_OFFSET}: page on with after (the next of the previous page)` })
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

/** Paging by an id cursor: `after` is the `next` of the previous page, the id of its last row. */
export class KeysetPagingQuery extends BoundedPagingQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'the `next` of the previous page: the rows after it in the same order (keyset paging, as fast at any depth)' })
  @IsOptional() @IsUUID()
  after?: string;
}

export const SORT_ORDERS = ['asc', 'desc'] as const;

/** `offset`, `limit` and `after` of a list paged by cursor. */
export function keysetPaging(query: KeysetPagingQuery): { offset: number; limit: number; after?: string } {
  return { ...paging(query), ...(query.after ? { after: query.after } : {}) };
}
