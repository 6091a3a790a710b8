import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { LimitOffset } from './pagination.dto';

/** The body of a list: one page of items, how many there are in all, whether more follow. */
export interface ListEnvelope<T> {
  items: T[];
  total: number;
  has_more: boolean;
}

/** The same with the page it answers (the lists whose SPA pages page by limit/offset). */
export interface PagedListEnvelope<T> extends ListEnvelope<T> {
  limit: number;
  offset: number;
}

/** One page of `rows` (already limited and offset by the query) as the list body. */
export function listEnvelope<R, T>(
  rows: readonly R[],
  total: number,
  page: LimitOffset,
  toItem: (row: R) => T,
): ListEnvelope<T> {
  return {
    items: rows.map((row) => toItem(row)),
    total,
    has_more: page.offset + rows.length < total,
  };
}

/** `listEnvelope` that also echoes the page's `limit` and `offset`. */
export function pagedListEnvelope<R, T>(
  rows: readonly R[],
  total: number,
  page: LimitOffset,
  toItem: (row: R) => T,
): PagedListEnvelope<T> {
  return { ...listEnvelope(rows, total, page, toItem), limit: page.limit, offset: page.offset };
}

/**
 * OpenAPI base of a list body with items of `item`. Extend it with a named class
 * (`class WarningListResponseDto extends ListResponseDto(WarningResponseDto) {}`): the schema
 * takes the subclass's name.
 */
export function ListResponseDto<T>(item: Type<T>): Type<ListEnvelope<T>> {
  class ListResponse implements ListEnvelope<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ type: 'integer', minimum: 0, description: 'Items matching, all pages' })
    total: number;

    @ApiProperty({ description: 'More items after this page' })
    has_more: boolean;
  }
  return ListResponse;
}

/** `ListResponseDto` with the page's `limit` and `offset`. */
export function PagedListResponseDto<T>(item: Type<T>): Type<PagedListEnvelope<T>> {
  class PagedListResponse extends ListResponseDto(item) implements PagedListEnvelope<T> {
    @ApiProperty({ type: 'integer', minimum: 1 })
    limit: number;

    @ApiProperty({ type: 'integer', minimum: 0 })
    offset: number;
  }
  return PagedListResponse;
}
