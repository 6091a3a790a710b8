import { CatalogueSnapshot, QuoteEngine, snapshotFromRows } from '@app/domain';
import { buildSeedPlan, SeedCategoryPlan } from './seed-plan';

/** The snapshot a freshly seeded database yields for one category (tests, bench). */
export const seedSnapshot = (slug: string): CatalogueSnapshot => {
  const plan = buildSeedPlan().find((candidate) => candidate.category.slug === slug);
  if (!plan) throw new Error(`no seeded category ${slug}`);
  return snapshotFromPlan(plan);
};

export const snapshotFromPlan = (plan: SeedCategoryPlan): CatalogueSnapshot =>
  snapshotFromRows(
    {
      category: plan.category,
      tiers: plan.tiers,
      elements: plan.elements,
      images: plan.images,
      requiredFields: plan.requiredFields,
      inclusions: plan.inclusions,
      warnings: plan.warnings,
      elementWarnings: plan.elementWarnings,
      services: plan.services,
      baseDocs: plan.baseDocs,
    },
    `seed:${plan.category.slug}`,
  );

export const seedEngine = (slug: string): QuoteEngine => new QuoteEngine(seedSnapshot(slug));
