import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import {
  AdditionalServiceEntity,
  BaseDocumentationEntity,
  TariffPromptSectionEntity,
  TariffTierEntity,
  VehicleCategoryEntity,
  WarningEntity,
} from '@app/database';
import { notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { toBaseDocResponse } from '../base-docs/dto/base-doc.dto';
import { CatalogueCacheService } from '@app/catalogue';
import { assertUnique, CatalogueWriter, DuplicateDescription } from '../common/catalogue-writer';
import { toPromptSectionResponse } from '../prompt-sections/dto/prompt-section.dto';
import { toServiceResponse } from '../services/dto/service.dto';
import { toTierResponse } from '../tiers/dto/tier.dto';
import { renderCalculatorPrompt } from './calculator-prompt';
import {
  CategoryDetailResponseDto,
  CategoryListQueryDto,
  CategoryListResponseDto,
  CategoryResponseDto,
  CreateCategoryDto,
  PromptPreviewResponseDto,
  toCategoryResponse,
  UpdateCategoryDto,
} from './dto/category.dto';
import { listEnvelope } from '../../common/http/list-envelope';

const ENTITY = 'vehicle_category';

@Injectable()
export class CategoriesService {
  public constructor(
    @InjectRepository(VehicleCategoryEntity)
    private readonly categories: Repository<VehicleCategoryEntity>,
    private readonly writer: CatalogueWriter,
    private readonly cache: CatalogueCacheService,
  ) {}

  public list(query: CategoryListQueryDto): Promise<CategoryListResponseDto> {
    const name = `categories:${query.include_inactive}:${query.client_type ?? '*'}:${query.limit}:${query.offset}`;
    return this.cache.getOrLoad({}, name, async () => {
      const [rows, total] = await this.categories.findAndCount({
        where: {
          ...(query.include_inactive ? {} : { isActive: true }),
          ...(query.client_type ? { clientType: query.client_type } : {}),
        },
        order: { sortOrder: 'ASC', name: 'ASC' },
        take: query.limit,
        skip: query.offset,
      });
      return listEnvelope(rows, total, query, toCategoryResponse);
    });
  }

  public async findOne(id: string): Promise<CategoryDetailResponseDto> {
    await this.require(id);
    return this.cache.getOrLoad({ categoryId: id }, 'detail', async () => {
      const category = await this.require(id);
      const manager = this.categories.manager;
      const [tiers, docs, services, sections] = await Promise.all([
        manager.find(TariffTierEntity, { where: { categoryId: id }, order: { sortOrder: 'ASC' } }),
        manager.find(BaseDocumentationEntity, {
          where: { categoryId: id },
          order: { sortOrder: 'ASC' },
        }),
        manager.find(AdditionalServiceEntity, {
          where: [{ categoryId: id }, { categoryId: IsNull() }],
          order: { sortOrder: 'ASC' },
        }),
        manager.find(TariffPromptSectionEntity, {
          where: { categoryId: id },
          order: { sectionType: 'ASC' },
        }),
      ]);
      return {
        ...toCategoryResponse(category),
        tariff_tiers: tiers.map(toTierResponse),
        base_documentation: docs.map(toBaseDocResponse),
        additional_services: services.map(toServiceResponse),
        prompt_sections: sections.map(toPromptSectionResponse),
      };
    });
  }

  public create(body: CreateCategoryDto, actor: AuthenticatedAdmin): Promise<CategoryResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, auditCreate, touches }) => {
        await assertUnique(
          manager,
          VehicleCategoryEntity,
          { slug: body.slug },
          duplicateSlug(body.slug),
        );
        const saved = await manager.save(
          manager.create(VehicleCategoryEntity, {
            slug: body.slug,
            name: body.name,
            description: body.description ?? null,
            icon: body.icon ?? null,
            clientType: body.client_type,
            isActive: body.is_active ?? true,
            sortOrder: body.sort_order ?? 0,
          }),
        );
        const view = toCategoryResponse(saved);
        await auditCreate(ENTITY, saved.id, view);
        touches({ global: true, categoryIds: [saved.id] });
        return view;
      },
      { message: `Ya existe una categoría con el slug '${body.slug}'` },
    );
  }

  public update(
    id: string,
    body: UpdateCategoryDto,
    actor: AuthenticatedAdmin,
  ): Promise<CategoryResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, auditUpdate, touches }) => {
        const category = await manager.findOne(VehicleCategoryEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!category) throw notFound('Categoría', id);
        if (body.slug && body.slug !== category.slug) {
          await assertUnique(
            manager,
            VehicleCategoryEntity,
            { slug: body.slug },
            duplicateSlug(body.slug),
          );
        }
        const before = toCategoryResponse(category);
        manager.merge(VehicleCategoryEntity, category, {
          slug: body.slug,
          name: body.name,
          description: body.description,
          icon: body.icon,
          clientType: body.client_type,
          isActive: body.is_active,
          sortOrder: body.sort_order,
        });
        const after = toCategoryResponse(await manager.save(category));
        await auditUpdate(ENTITY, id, before, after);
        touches({ global: true, categoryIds: [id] });
        return after;
      },
      { message: `Ya existe una categoría con el slug '${body.slug}'` },
    );
  }

  /** Hard delete; everything under the category cascades. */
  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const category = await manager.findOne(VehicleCategoryEntity, { where: { id } });
      if (!category) throw notFound('Categoría', id);
      // Category-scoped warnings cascade, but element-/tier-scoped ones do too via their FKs.
      const warnings = await manager.countBy(WarningEntity, { categoryId: id });
      await manager.delete(VehicleCategoryEntity, id);
      await audit({
        entityType: ENTITY,
        entityId: id,
        action: 'delete',
        changes: { slug: category.slug, name: category.name, cascaded_warnings: warnings },
      });
      touches({ global: true, categoryIds: [id] });
    });
  }

  public async previewPrompt(id: string): Promise<PromptPreviewResponseDto> {
    const detail = await this.findOne(id);
    const warnings = await this.categories.manager.find(WarningEntity, {
      where: [
        { categoryId: id, isActive: true },
        { categoryId: IsNull(), tierId: IsNull(), elementId: IsNull(), isActive: true },
      ],
      order: { code: 'ASC' },
    });
    const prompt = renderCalculatorPrompt(detail, warnings);
    return { category_id: id, category_slug: detail.slug, prompt, length: prompt.length };
  }

  private async require(id: string): Promise<VehicleCategoryEntity> {
    const category = await this.categories.findOne({ where: { id } });
    if (!category) throw notFound('Categoría', id);
    return category;
  }
}

const duplicateSlug = (slug: string): DuplicateDescription => ({
  message: `Ya existe una categoría con el slug '${slug}'`,
  context: { slug },
});
