/**
 * The one place that names the tariff catalogue's Redis keys, so a writer and a reader can never
 * spell a key differently. Invalidation is by generation: every cached entry's key embeds the
 * generation counters of the scopes it depends on, and a write increments the counters of the
 * scopes it changed after its transaction commits. Old entries are never read again and expire
 * with their TTL, and a read racing a write can only store under the old generation.
 *
 * Scopes:
 *  - global:   category list and slugs, the warnings list, global additional services;
 *  - category: everything inside one category (tiers, elements and their children, inclusions,
 *              base docs, prompt sections, category services, its snapshot).
 * A category-scoped entry embeds both counters, so global writes (global warnings or services)
 * refresh every category too.
 * Keys carry no prefix here: RedisService adds REDIS_KEY_PREFIX.
 */
export const CatalogueCacheKeys = {
  globalGeneration: (): string => 'catalogue:gen:global',
  categoryGeneration: (categoryId: string): string => `catalogue:gen:cat:${categoryId}`,
  globalEntry: (globalGen: number, name: string): string => `catalogue:g${globalGen}:${name}`,
  categoryEntry: (
    categoryId: string,
    globalGen: number,
    categoryGen: number,
    name: string,
  ): string => `catalogue:cat:${categoryId}:g${globalGen}.${categoryGen}:${name}`,
  /** The engine input of one category (read by the api and, later, the worker's agent). */
  snapshotName: 'snapshot',
} as const;
