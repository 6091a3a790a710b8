import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { buildSeedPlan, SeedCategoryPlan } from '@app/catalogue-seed';
import {
  AdditionalServiceEntity,
  AuditLogEntity,
  BaseDocumentationEntity,
  ElementEntity,
  ElementImageEntity,
  ElementRequiredFieldEntity,
  ElementWarningAssociationEntity,
  TariffPromptSectionEntity,
  TariffTierEntity,
  TierElementInclusionEntity,
  VehicleCategoryEntity,
  WarningEntity,
} from '@app/database';

/**
 * - `missing` (default, run by scripts/start.sh on every start): a seeded category that is not
 *   in the database yet is inserted whole; an existing one is left exactly as staff edited it
 *   (restarting never resurrects deleted rows or overwrites edits).
 * - `sync`: upsert every seeded row by its deterministic id (restores the seed's values, adds
 *   missing rows, never deletes rows staff added). Both modes are idempotent.
 */
export type SeedMode = 'missing' | 'sync';

export interface SeedOutcome {
  slug: string;
  categoryId: string;
  action: 'created' | 'skipped' | 'synced';
  rows: number;
}

export const SEED_ACTOR = 'system:seed';

const rowCount = (plan: SeedCategoryPlan): number =>
  1 +
  plan.tiers.length +
  plan.elements.length +
  plan.images.length +
  plan.requiredFields.length +
  plan.inclusions.length +
  plan.warnings.length +
  plan.elementWarnings.length +
  plan.services.length +
  plan.baseDocs.length +
  plan.promptSections.length;

/** Elements ordered parents first (variants reference their base). */
const parentsFirst = (plan: SeedCategoryPlan): SeedCategoryPlan['elements'] => {
  const depth = new Map<string, number>();
  const byId = new Map(plan.elements.map((el) => [el.id, el]));
  const depthOf = (id: string, guard = 0): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = byId.get(id)?.parentElementId;
    const value = parent && guard < 10 ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(id, value);
    return value;
  };
  return [...plan.elements].sort((a, b) => depthOf(a.id) - depthOf(b.id));
};

export class CatalogueSeeder {
  public constructor(private readonly dataSource: DataSource) {}

  public async run(mode: SeedMode = 'missing'): Promise<SeedOutcome[]> {
    const outcomes: SeedOutcome[] = [];
    for (const plan of buildSeedPlan()) {
      outcomes.push(
        await this.dataSource.transaction(async (manager) => {
          const existing = await manager.getRepository(VehicleCategoryEntity).findOne({
            where: [{ id: plan.category.id }, { slug: plan.category.slug }],
          });
          const base = {
            slug: plan.category.slug,
            categoryId: plan.category.id,
            rows: rowCount(plan),
          };
          if (existing && mode === 'missing')
            return { ...base, categoryId: existing.id, action: 'skipped' as const, rows: 0 };
          if (existing && existing.id !== plan.category.id) {
            throw new Error(
              `category ${plan.category.slug} exists with another id (${existing.id}); refusing to sync over it`,
            );
          }
          await this.write(manager, plan, mode === 'sync');
          await manager.insert(AuditLogEntity, {
            entityType: 'vehicle_category',
            entityId: plan.category.id,
            action: existing ? 'update' : 'create',
            changes: { seed: mode, slug: plan.category.slug, rows: base.rows },
            user: SEED_ACTOR,
          });
          return { ...base, action: existing ? ('synced' as const) : ('created' as const) };
        }),
      );
    }
    return outcomes;
  }

  private async write(
    manager: EntityManager,
    plan: SeedCategoryPlan,
    upsert: boolean,
  ): Promise<void> {
    const put = async <T extends ObjectLiteral>(
      target: EntityTarget<T>,
      plain: object[],
    ): Promise<void> => {
      if (plain.length === 0) return;
      // Seed rows carry exactly the entity's column properties (JSONB as plain objects), which
      // TypeORM's deep-partial type cannot express for Record<string, unknown> columns.
      const rows = plain as QueryDeepPartialEntity<T>[];
      if (upsert) await manager.upsert(target, rows, ['id']);
      else await manager.insert(target, rows);
    };
    await put(VehicleCategoryEntity, [plan.category]);
    await put(TariffTierEntity, plan.tiers);
    await put(ElementEntity, parentsFirst(plan));
    await put(ElementImageEntity, plan.images);
    // Conditions point at sibling fields: insert them unconditioned, then set the conditions.
    await put(
      ElementRequiredFieldEntity,
      plan.requiredFields.map((field) => ({ ...field, conditionFieldId: null })),
    );
    for (const field of plan.requiredFields.filter((f) => f.conditionFieldId)) {
      await manager.update(ElementRequiredFieldEntity, field.id, {
        conditionFieldId: field.conditionFieldId,
      });
    }
    await put(TierElementInclusionEntity, plan.inclusions);
    await put(WarningEntity, plan.warnings);
    await put(ElementWarningAssociationEntity, plan.elementWarnings);
    await put(AdditionalServiceEntity, plan.services);
    await put(BaseDocumentationEntity, plan.baseDocs);
    await put(TariffPromptSectionEntity, plan.promptSections);
  }
}
