import { Inject, Injectable, Logger } from '@nestjs/common';
import { CatalogueCacheKeys, RedisService } from '@app/redis';

/** Options of the catalogue read side, given by each app from its own config. */
export interface CatalogueReadOptions {
  /** Lifetime of cached catalogue entries (generations make them stale earlier on writes). */
  cacheTtlSeconds: number;
}

export const CATALOGUE_READ_OPTIONS = Symbol('CATALOGUE_READ_OPTIONS');

export interface CacheScope {
  /** Entry depends on one category (and on global data); omitted = global only. */
  categoryId?: string;
}

export interface Generations {
  global: number;
  category: number;
}

/** What a write changed, to be invalidated after its transaction commits. */
export interface Invalidation {
  global?: boolean;
  categoryIds?: (string | null | undefined)[];
}

/**
 * Read-through cache for catalogue reads, with generation-based invalidation (see
 * CatalogueCacheKeys). Redis problems never fail a read: the loader's answer is returned.
 */
@Injectable()
export class CatalogueCacheService {
  private readonly logger = new Logger(CatalogueCacheService.name);

  public constructor(
    private readonly redis: RedisService,
    @Inject(CATALOGUE_READ_OPTIONS) private readonly options: CatalogueReadOptions,
  ) {}

  public async generations(categoryId?: string): Promise<Generations> {
    const keys = [CatalogueCacheKeys.globalGeneration()];
    if (categoryId) keys.push(CatalogueCacheKeys.categoryGeneration(categoryId));
    const values = await this.redis.client.mget(...keys);
    return { global: Number(values[0] ?? 0), category: Number(values[1] ?? 0) };
  }

  /**
   * The generations of global data and of the given categories as one string, read in one
   * round trip: equal fingerprints mean nothing those reads depend on was written in between.
   */
  public async fingerprint(categoryIds: readonly string[]): Promise<string> {
    const keys = [
      CatalogueCacheKeys.globalGeneration(),
      ...categoryIds.map((id) => CatalogueCacheKeys.categoryGeneration(id)),
    ];
    const values = await this.redis.client.mget(...keys);
    return values.map((value) => value ?? '0').join(':');
  }

  public keyFor(scope: CacheScope, gens: Generations, name: string): string {
    return scope.categoryId
      ? CatalogueCacheKeys.categoryEntry(scope.categoryId, gens.global, gens.category, name)
      : CatalogueCacheKeys.globalEntry(gens.global, name);
  }

  public async getOrLoad<T>(scope: CacheScope, name: string, load: () => Promise<T>): Promise<T> {
    let key: string | null = null;
    try {
      key = this.keyFor(scope, await this.generations(scope.categoryId), name);
      const cached = await this.redis.client.get(key);
      if (cached !== null) return JSON.parse(cached) as T;
    } catch (error) {
      this.warn('read', error);
    }
    const value = await load();
    if (key) {
      try {
        await this.redis.client.set(key, JSON.stringify(value), 'EX', this.options.cacheTtlSeconds);
      } catch (error) {
        this.warn('write', error);
      }
    }
    return value;
  }

  /** Bumps the generations a write changed. Call after the transaction has committed. */
  public async invalidate(change: Invalidation): Promise<void> {
    const keys = new Set<string>();
    if (change.global) keys.add(CatalogueCacheKeys.globalGeneration());
    for (const id of change.categoryIds ?? [])
      if (id) keys.add(CatalogueCacheKeys.categoryGeneration(id));
    if (keys.size === 0) return;
    try {
      const pipeline = this.redis.client.pipeline();
      keys.forEach((key) => pipeline.incr(key));
      await pipeline.exec();
    } catch (error) {
      // A failed bump would leave stale entries for at most one TTL; say so loudly.
      this.logger.error(`catalogue cache invalidation failed: ${String(error)}`);
    }
  }

  private warn(what: string, error: unknown): void {
    this.logger.warn(
      `catalogue cache ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
