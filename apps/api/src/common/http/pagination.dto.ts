import { QueryInteger } from '../validation/decorators';

export const MAX_PAGE_LIMIT = 200;
/** Deepest page any list serves: far beyond real data, far below PostgreSQL's bigint. */
export const MAX_OFFSET = 1_000_000;

export interface LimitOffset {
  limit: number;
  offset: number;
}

/**
 * `limit`/`offset` query parameters of every list: integers, validated once here (422 for
 * 1e21, -1, 1.5 or text) and documented as bounded integers. Each list sets its limit bounds.
 */
export const limitOffsetQuery = (maxLimit: number, defaultLimit = 50): new () => LimitOffset => {
  class LimitOffsetQuery implements LimitOffset {
    @QueryInteger({ min: 1, max: maxLimit, default: defaultLimit })
    limit: number = defaultLimit;

    @QueryInteger({ min: 0, max: MAX_OFFSET, default: 0 })
    offset: number = 0;
  }
  return LimitOffsetQuery;
};

/** The common bounds (`limit` 1–200, default 50). */
export class LimitOffsetQueryDto extends limitOffsetQuery(MAX_PAGE_LIMIT) {}
