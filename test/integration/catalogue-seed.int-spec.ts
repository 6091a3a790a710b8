import { DataSource } from 'typeorm';
import { buildSeedPlan, seedSnapshot } from '@app/catalogue-seed';
import {
  AuditLogEntity,
  buildDataSourceOptions,
  ElementEntity,
  ElementRequiredFieldEntity,
  TariffTierEntity,
  TierElementInclusionEntity,
  VehicleCategoryEntity,
} from '@app/database';
import { QuoteEngine } from '@app/domain';
import {
  ASEICARS_PHRASINGS,
  MOTOS_PHRASINGS,
} from '../../libs/domain/src/catalogue/__fixtures__/phrasings';
import { CatalogueSeeder, SEED_ACTOR } from '../../apps/api/src/catalogue/seed/catalogue-seeder';
import { CatalogueSnapshotLoader } from '@app/catalogue';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('catalogue seed and snapshot loader (integration)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({
      ...buildDataSourceOptions({ url: db.url, poolMax: 3 }),
      logging: ['error'],
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('seeds both categories on an empty database, with the deterministic ids', async () => {
    const outcomes = await new CatalogueSeeder(dataSource).run();
    expect(outcomes.map((o) => [o.slug, o.action])).toEqual([
      ['motos-part', 'created'],
      ['aseicars-prof', 'created'],
    ]);
    const [motos, aseicars] = buildSeedPlan();
    expect(
      await dataSource.getRepository(VehicleCategoryEntity).findOneBy({ id: motos?.category.id }),
    ).toMatchObject({
      slug: 'motos-part',
    });
    expect(
      await dataSource.getRepository(ElementEntity).countBy({ categoryId: motos?.category.id }),
    ).toBe(42);
    expect(
      await dataSource.getRepository(ElementEntity).countBy({ categoryId: aseicars?.category.id }),
    ).toBe(34);
    expect(await dataSource.getRepository(ElementRequiredFieldEntity).count()).toBe(125);
    const conditional = await dataSource
      .getRepository(ElementRequiredFieldEntity)
      .createQueryBuilder('f')
      .where('f.condition_field_id IS NOT NULL')
      .getCount();
    expect(conditional).toBe(motos?.requiredFields.filter((f) => f.conditionFieldId).length);
    expect(
      await dataSource
        .getRepository(AuditLogEntity)
        .countBy({ user: SEED_ACTOR, action: 'create' }),
    ).toBe(2);
  });

  it('is idempotent: a second run leaves existing categories (and staff edits) alone', async () => {
    const tiers = dataSource.getRepository(TariffTierEntity);
    const [motos] = buildSeedPlan();
    const t6 = motos?.tiers.find((t) => t.code === 'T6');
    await tiers.update({ id: t6?.id }, { price: '150.00' });
    const inclusions = await dataSource.getRepository(TierElementInclusionEntity).count();
    const outcomes = await new CatalogueSeeder(dataSource).run();
    expect(outcomes.map((o) => o.action)).toEqual(['skipped', 'skipped']);
    expect((await tiers.findOneBy({ id: t6?.id }))?.price).toBe('150.00');
    expect(await dataSource.getRepository(TierElementInclusionEntity).count()).toBe(inclusions);
  });

  it('--sync restores the seeded values and re-creates deleted rows, keeping ids', async () => {
    const [motos] = buildSeedPlan();
    const escape = motos?.elements.find((el) => el.code === 'ESCAPE');
    await dataSource.getRepository(ElementEntity).delete({ id: escape?.id });
    const outcomes = await new CatalogueSeeder(dataSource).run('sync');
    expect(outcomes.map((o) => o.action)).toEqual(['synced', 'synced']);
    expect(
      (await dataSource.getRepository(ElementEntity).findOneBy({ id: escape?.id }))?.code,
    ).toBe('ESCAPE');
    const t6 = motos?.tiers.find((t) => t.code === 'T6');
    expect(
      (await dataSource.getRepository(TariffTierEntity).findOneBy({ id: t6?.id }))?.price,
    ).toBe('140.00');
    await new CatalogueSeeder(dataSource).run('sync'); // twice in a row is fine too
  });

  it('the snapshot loaded from the database prices every phrasing like the seed plan', async () => {
    const loader = new CatalogueSnapshotLoader(dataSource);
    for (const [slug, phrasings] of [
      ['motos-part', MOTOS_PHRASINGS],
      ['aseicars-prof', ASEICARS_PHRASINGS],
    ] as const) {
      const category = await dataSource
        .getRepository(VehicleCategoryEntity)
        .findOneByOrFail({ slug });
      const fromDb = new QuoteEngine(await loader.load(category, 'db'));
      const fromPlan = new QuoteEngine(seedSnapshot(slug));
      expect(fromDb.snapshot.elements).toHaveLength(fromPlan.snapshot.elements.length);
      expect(fromDb.snapshot.inclusions).toHaveLength(fromPlan.snapshot.inclusions.length);
      for (const phrasing of phrasings) {
        const a = fromDb.quoteText(phrasing.text);
        const b = fromPlan.quoteText(phrasing.text);
        expect([phrasing.text, a.quote.price, a.quote.elements.map((e) => e.code)]).toEqual([
          phrasing.text,
          b.quote.price,
          b.quote.elements.map((e) => e.code),
        ]);
        expect(a.quote.price).toBe(phrasing.price);
      }
    }
  });
});
