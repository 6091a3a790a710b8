import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, IsNull } from 'typeorm';
import {
  AdditionalServiceEntity,
  BaseDocumentationEntity,
  ElementEntity,
  ElementImageEntity,
  ElementRequiredFieldEntity,
  ElementWarningAssociationEntity,
  TariffTierEntity,
  TierElementInclusionEntity,
  VehicleCategoryEntity,
  WarningEntity,
} from '@app/database';
import { CatalogueSnapshot, snapshotFromRows } from '@app/domain';

/** Reads one category's catalogue from PostgreSQL into the engine's snapshot (11 queries). */
@Injectable()
export class CatalogueSnapshotLoader {
  public constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  public async load(category: VehicleCategoryEntity, version: string): Promise<CatalogueSnapshot> {
    const manager = this.dataSource.manager;
    const [tiers, elements] = await Promise.all([
      manager.find(TariffTierEntity, { where: { categoryId: category.id } }),
      manager.find(ElementEntity, { where: { categoryId: category.id } }),
    ]);
    const elementIds = elements.map((el) => el.id);
    const tierIds = tiers.map((tier) => tier.id);
    const none = ['00000000-0000-0000-0000-000000000000'];
    const [images, requiredFields, inclusions, elementWarnings, services, baseDocs, warnings] =
      await Promise.all([
        manager.find(ElementImageEntity, {
          where: { elementId: In(elementIds.length ? elementIds : none) },
        }),
        manager.find(ElementRequiredFieldEntity, {
          where: { elementId: In(elementIds.length ? elementIds : none) },
        }),
        manager.find(TierElementInclusionEntity, {
          where: { tierId: In(tierIds.length ? tierIds : none) },
        }),
        manager.find(ElementWarningAssociationEntity, {
          where: { elementId: In(elementIds.length ? elementIds : none) },
        }),
        manager.find(AdditionalServiceEntity, {
          where: [{ categoryId: category.id }, { categoryId: IsNull() }],
        }),
        manager.find(BaseDocumentationEntity, { where: { categoryId: category.id } }),
        manager
          .createQueryBuilder(WarningEntity, 'w')
          .where(
            new Brackets((qb) =>
              qb
                .where('w.category_id IS NULL AND w.tier_id IS NULL AND w.element_id IS NULL')
                .orWhere('w.category_id = :categoryId', { categoryId: category.id })
                .orWhere('w.tier_id IN (:...tierIds)', { tierIds: tierIds.length ? tierIds : none })
                .orWhere('w.element_id IN (:...elementIds)', {
                  elementIds: elementIds.length ? elementIds : none,
                }),
            ),
          )
          .getMany(),
      ]);
    // Associations may point at warnings of any scope: make sure each one is present.
    const known = new Set(warnings.map((w) => w.id));
    const missing = [...new Set(elementWarnings.map((link) => link.warningId))].filter(
      (id) => !known.has(id),
    );
    if (missing.length > 0)
      warnings.push(...(await manager.find(WarningEntity, { where: { id: In(missing) } })));
    return snapshotFromRows(
      {
        category,
        tiers,
        elements,
        images,
        requiredFields,
        inclusions,
        warnings,
        elementWarnings,
        services,
        baseDocs,
      },
      version,
    );
  }
}
