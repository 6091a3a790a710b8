import { Repository } from 'typeorm';
import { seedSnapshot } from '@app/catalogue-seed';
import { VehicleCategoryEntity } from '@app/database';
import { CatalogueSnapshot } from '@app/domain';
import { CatalogueCacheService, Generations } from './catalogue-cache.service';
import { CatalogueEngineService } from './catalogue-engine.service';
import { CatalogueSnapshotLoader } from './catalogue-snapshot.loader';

/** A cache whose snapshot reads take a moment, as a Redis GET plus a JSON parse do. */
class SlowCache {
  public generation = 1;
  public loads = 0;
  public readonly generations = (): Promise<Generations> =>
    Promise.resolve({ global: 1, category: this.generation });
  public readonly keyFor = (_scope: unknown, gens: Generations, name: string): string =>
    `${gens.global}:${gens.category}:${name}`;
  public getOrLoad = async (): Promise<CatalogueSnapshot> => {
    this.loads += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return seedSnapshot('motos-part');
  };
}

describe('CatalogueEngineService.forCategory', () => {
  let cache: SlowCache;
  let engines: CatalogueEngineService;

  beforeEach(() => {
    cache = new SlowCache();
    engines = new CatalogueEngineService(
      {} as Repository<VehicleCategoryEntity>,
      cache as unknown as CatalogueCacheService,
      {} as CatalogueSnapshotLoader,
    );
  });

  it('builds one engine for callers that miss the memo at the same moment', async () => {
    const built = await Promise.all(Array.from({ length: 30 }, () => engines.forCategory('c1')));
    expect(cache.loads).toBe(1);
    expect(new Set(built).size).toBe(1);
    expect(await engines.forCategory('c1')).toBe(built[0]);
    expect(cache.loads).toBe(1);
  });

  it('builds again once the category generation moves', async () => {
    const before = await engines.forCategory('c1');
    cache.generation = 2;
    const [a, b] = await Promise.all([engines.forCategory('c1'), engines.forCategory('c1')]);
    expect(cache.loads).toBe(2);
    expect(a).toBe(b);
    expect(a).not.toBe(before);
  });

  it('lets the next caller try again after a failed build', async () => {
    let fail = true;
    const getOrLoad = cache.getOrLoad;
    cache.getOrLoad = async () => {
      if (fail) throw new Error('redis and postgres down');
      return getOrLoad();
    };
    await expect(
      Promise.all([engines.forCategory('c1'), engines.forCategory('c1')]),
    ).rejects.toThrow('down');
    fail = false;
    await expect(engines.forCategory('c1')).resolves.toBeDefined();
  });
});
