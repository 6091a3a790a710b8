import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { VehicleCategoryEntity } from '@app/database';
import { CatalogueSnapshot, notFound, QuoteEngine } from '@app/domain';
import { CatalogueCacheKeys } from '@app/redis';
import { CatalogueCacheService } from './catalogue-cache.service';
import { CatalogueSnapshotLoader } from './catalogue-snapshot.loader';

/**
 * The quote engine of a category, always built from the current catalogue: the snapshot is
 * cached in Redis per generation (shared with other processes) and the built engine is
 * memoised in memory per generation, so a quote costs one MGET plus the engine's own work.
 */
@Injectable()
export class CatalogueEngineService {
  private readonly engines = new Map<string, { key: string; engine: QuoteEngine }>();
  /** Engines being built, by cache key: callers missing the memo together share one build. */
  private readonly building = new Map<string, Promise<QuoteEngine>>();

  public constructor(
    @InjectRepository(VehicleCategoryEntity)
    private readonly categories: Repository<VehicleCategoryEntity>,
    private readonly cache: CatalogueCacheService,
    private readonly loader: CatalogueSnapshotLoader,
  ) {}

  public async forSlug(slug: string): Promise<QuoteEngine> {
    const id = await this.cache.getOrLoad({}, `slug:${slug}`, async () => {
      const category = await this.categories.findOne({ where: { slug } });
      return category?.id ?? null;
    });
    if (!id) throw notFound('Categoría', slug);
    return this.forCategory(id);
  }

  public async forCategory(categoryId: string): Promise<QuoteEngine> {
    const gens = await this.cache.generations(categoryId).catch(() => null);
    const key = gens
      ? this.cache.keyFor({ categoryId }, gens, CatalogueCacheKeys.snapshotName)
      : `uncached:${Date.now()}`;
    const memo = this.engines.get(categoryId);
    if (memo && memo.key === key) return memo.engine;
    let build = this.building.get(key);
    if (!build) {
      build = this.build(categoryId, key).finally(() => this.building.delete(key));
      this.building.set(key, build);
    }
    return build;
  }

  private async build(categoryId: string, key: string): Promise<QuoteEngine> {
    const snapshot = await this.cache.getOrLoad<CatalogueSnapshot | null>(
      { categoryId },
      CatalogueCacheKeys.snapshotName,
      async () => {
        const category = await this.categories.findOne({ where: { id: categoryId } });
        return category ? this.loader.load(category, key) : null;
      },
    );
    if (!snapshot) throw notFound('Categoría', categoryId);
    const engine = new QuoteEngine(snapshot);
    this.engines.set(categoryId, { key, engine });
    return engine;
  }
}
