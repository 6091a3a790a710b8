import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogueCacheService, CatalogueEngineService } from '@app/catalogue';
import {
  CaseEntity,
  CustomerEntity,
  EscalationEntity,
  TariffPromptSectionEntity,
  VehicleCategoryEntity,
} from '@app/database';
import { ClientType, TurnCase, TurnCatalogue, TurnCustomer } from '@app/domain';

interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  clientType: ClientType;
}

/**
 * Loads what the engine needs to decide a turn: the catalogue (cached snapshots and engines,
 * shared with the api), the customer, the conversation's latest case with its photo counts,
 * and whether staff have the conversation.
 */
@Injectable()
export class TurnInputsService {
  public constructor(
    private readonly cache: CatalogueCacheService,
    private readonly engines: CatalogueEngineService,
  ) {}

  public async catalogue(manager: EntityManager): Promise<TurnCatalogue> {
    const categories = await this.cache.getOrLoad<CategoryRow[]>({}, 'agent:categories', () =>
      manager
        .find(VehicleCategoryEntity, { where: { isActive: true }, order: { sortOrder: 'ASC' } })
        .then((rows) =>
          rows.map(({ id, slug, name, clientType }) => ({ id, slug, name, clientType })),
        ),
    );
    const loaded = await Promise.all(
      categories.map(async (category) => {
        const [engine, promptSections] = await Promise.all([
          this.engines.forCategory(category.id),
          this.cache.getOrLoad({ categoryId: category.id }, 'agent:prompt_sections', () =>
            manager
              .find(TariffPromptSectionEntity, {
                where: { categoryId: category.id, isActive: true },
              })
              .then((rows) => rows.map(({ sectionType, content }) => ({ sectionType, content }))),
          ),
        ]);
        return { ...category, engine, promptSections };
      }),
    );
    return { categories: loaded };
  }

  public async customer(manager: EntityManager, customerId: string): Promise<TurnCustomer | null> {
    const row = await manager.findOneBy(CustomerEntity, { id: customerId });
    if (!row) return null;
    return {
      id: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      nifCif: row.nifCif,
      phone: row.phone,
      domicilioCalle: row.domicilioCalle,
      domicilioLocalidad: row.domicilioLocalidad,
      domicilioProvincia: row.domicilioProvincia,
      domicilioCp: row.domicilioCp,
      clientType: row.clientType === 'professional' ? 'professional' : 'particular',
    };
  }

  /** The conversation's most recent case (active or not) with its stored photo counts. */
  public async latestCase(
    manager: EntityManager,
    conversationId: string,
  ): Promise<TurnCase | null> {
    const found = await manager.findOne(CaseEntity, {
      where: { conversationId },
      order: { createdAt: 'DESC' },
    });
    if (!found) return null;
    const counts = await manager.query<{ element_code: string | null; count: string }[]>(
      `SELECT "element_code", count(*) AS "count" FROM "case_images"
       WHERE "case_id" = $1 GROUP BY "element_code"`,
      [found.id],
    );
    const imagesByElement: Record<string, number> = {};
    let baseDocImages = 0;
    for (const row of counts) {
      if (row.element_code === null) baseDocImages = Number(row.count);
      else imagesByElement[row.element_code] = Number(row.count);
    }
    return { id: found.id, status: found.status, imagesByElement, baseDocImages };
  }

  public async handedOver(manager: EntityManager, conversationId: string): Promise<boolean> {
    return manager
      .createQueryBuilder(EscalationEntity, 'e')
      .where('e.conversation_id = :conversationId', { conversationId })
      .andWhere(`e.status IN ('pending', 'in_progress')`)
      .getExists();
  }
}
