import { DataSource } from 'typeorm';
import { seedEngine } from '@app/catalogue-seed';
import { CatalogueCacheService, CatalogueEngineService } from '@app/catalogue';
import { VehicleCategoryEntity } from '@app/database';
import { TurnInputsService } from './turn-inputs.service';

/** Catalogue reads that take a moment; `generation` stands for the Redis generation keys. */
class FakeCatalogue {
  public generation = 1;
  public categoryReads = 0;
  public engineBuilds = 0;

  public readonly dataSource = {
    manager: {
      find: async (entity: unknown) => {
        if (entity === VehicleCategoryEntity) this.categoryReads += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return entity === VehicleCategoryEntity
          ? [{ id: 'c1', slug: 'motos-part', name: 'Motos', clientType: 'particular' }]
          : [{ sectionType: 'faq', content: `generation ${this.generation}` }];
      },
    },
  } as unknown as DataSource;

  public readonly cache = {
    fingerprint: () => Promise.resolve(String(this.generation)),
    getOrLoad: (_scope: unknown, _name: string, load: () => Promise<unknown>) => load(),
  } as unknown as CatalogueCacheService;

  public readonly engines = {
    forCategory: async () => {
      this.engineBuilds += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return seedEngine('motos-part');
    },
  } as unknown as CatalogueEngineService;
}

describe('TurnInputsService.catalogue', () => {
  let fake: FakeCatalogue;
  let inputs: TurnInputsService;

  beforeEach(() => {
    fake = new FakeCatalogue();
    inputs = new TurnInputsService(fake.dataSource, fake.cache, fake.engines, {
      cacheTtlSeconds: 300,
    });
  });

  it('loads once for all the turns that start together on a cold process', async () => {
    const catalogues = await Promise.all(Array.from({ length: 32 }, () => inputs.catalogue()));
    expect(fake.categoryReads).toBe(1);
    expect(fake.engineBuilds).toBe(1);
    expect(new Set(catalogues).size).toBe(1);
    expect(catalogues[0]?.categories.map((c) => c.slug)).toEqual(['motos-part']);
    // Memoised while the generations stay put.
    expect(await inputs.catalogue()).toBe(catalogues[0]);
    expect(fake.categoryReads).toBe(1);
  });

  it('reloads once after a catalogue edit, and staff edits reach the next turns', async () => {
    const before = await inputs.catalogue();
    fake.generation = 2;
    const after = await Promise.all(Array.from({ length: 10 }, () => inputs.catalogue()));
    expect(fake.categoryReads).toBe(2);
    expect(new Set(after).size).toBe(1);
    expect(after[0]).not.toBe(before);
    expect(after[0]?.categories[0]?.promptSections).toEqual([
      { sectionType: 'faq', content: 'generation 2' },
    ]);
  });
});
