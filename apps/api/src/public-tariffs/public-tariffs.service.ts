import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { VehicleCategoryEntity } from '@app/database';
import { ClientType, invalid, notFound, QuoteEngine, SnapshotTier, WarningView } from '@app/domain';
import { CatalogueCacheService, CatalogueEngineService } from '@app/catalogue';
import { CatalogueErrorCode } from '../catalogue/common/catalogue-writer';
import {
  PublicCategoriesResponseDto,
  PublicCategoryBundleDto,
  PublicCategoryWithIdDto,
  PublicDocumentationResponseDto,
  PublicServiceDto,
  PublicTierDto,
  PublicTiersResponseDto,
  PublicWarningDto,
  PublicWarningsResponseDto,
  SelectTierDto,
  SelectTierResponseDto,
} from './dto/public-tariffs.dto';

/**
 * Public tariffs (`/api/tariffs/*`), answered from the same cached snapshot and engine the admin
 * preview and the agent use: no second, simplified pricing algorithm. Inactive categories are
 * hidden.
 */
@Injectable()
export class PublicTariffsService {
  public constructor(
    @InjectRepository(VehicleCategoryEntity)
    private readonly categories: Repository<VehicleCategoryEntity>,
    private readonly cache: CatalogueCacheService,
    private readonly engines: CatalogueEngineService,
  ) {}

  public listCategories(clientType?: ClientType): Promise<PublicCategoriesResponseDto> {
    return this.cache.getOrLoad({}, `public:categories:${clientType ?? '*'}`, async () => {
      const rows = await this.categories.find({
        where: { isActive: true, ...(clientType ? { clientType } : {}) },
        order: { sortOrder: 'ASC', name: 'ASC' },
      });
      return {
        categories: rows.map((row) => ({
          slug: row.slug,
          name: row.name,
          description: row.description,
          icon: row.icon,
          client_type: row.clientType,
        })),
      };
    });
  }

  public async bundle(slug: string): Promise<PublicCategoryBundleDto> {
    const engine = await this.engine(slug);
    const snapshot = engine.snapshot;
    return {
      category: this.category(engine),
      tiers: this.tiers(engine),
      warnings: snapshot.warnings
        .filter(
          (w) =>
            w.isActive &&
            !w.tierId &&
            !w.elementId &&
            (!w.categoryId || w.categoryId === snapshot.category.id),
        )
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((w) => ({ code: w.code, message: w.message, severity: w.severity })),
      base_documentation: [...snapshot.baseDocumentation]
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map((doc) => ({
          id: doc.id,
          description: doc.description,
          image_url: doc.imageUrl,
          sort_order: doc.sortOrder,
        })),
      additional_services: this.services(engine),
    };
  }

  public async tiersOf(slug: string): Promise<PublicTiersResponseDto> {
    const engine = await this.engine(slug);
    return {
      category: this.category(engine),
      client_type: engine.snapshot.category.clientType,
      tiers: this.tiers(engine),
    };
  }

  public async selectTier(slug: string, body: SelectTierDto): Promise<SelectTierResponseDto> {
    const engine = await this.engine(slug);
    if (body.client_type && body.client_type !== engine.snapshot.category.clientType) {
      throw invalid(
        CatalogueErrorCode.INVALID,
        `La categoría ${slug} no es para clientes de tipo ${body.client_type}`,
      );
    }
    const { match, quote } = engine.quoteText(body.elements_description);
    const warnings = flattenWarnings(
      quote.warnings.general,
      quote.warnings.byElement.flatMap((e) => e.warnings),
    );
    return {
      tier_code: quote.tier?.code ?? 'UNKNOWN',
      tier_name: quote.tier?.name ?? 'Consultar',
      price: quote.price ?? 0,
      conditions: quote.tier?.conditions ?? null,
      element_count: quote.elementCount,
      requested_element_count: body.element_count,
      matched_rules: quote.tierSelection.matchedRules
        .filter((rule) => rule.selected)
        .map((rule) => rule.keyword),
      elements: quote.elements.map((el) => ({
        code: el.code,
        name: el.name,
        quantity: el.quantity,
      })),
      unmatched_terms: match.unmatchedTerms,
      warnings,
      additional_services: this.services(engine),
      requires_project: quote.tier?.requiresProject ?? false,
    };
  }

  public async documentation(slug: string): Promise<PublicDocumentationResponseDto> {
    const engine = await this.engine(slug);
    const quotable = engine.index.activeElements;
    return {
      category: this.category(engine),
      base_documentation: [...engine.snapshot.baseDocumentation]
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map((doc) => ({
          id: doc.id,
          description: doc.description,
          image_url: doc.imageUrl,
          sort_order: doc.sortOrder,
        })),
      all_images: quotable.flatMap((element) =>
        engine
          .documentation(element)
          .images.filter((image) => image.status === 'active' && image.inheritedFrom === null)
          .map((image) => ({
            element_code: element.code,
            url: image.url,
            title: image.title,
            description: image.description,
            type: image.type,
          })),
      ),
    };
  }

  public async warnings(slug: string, description?: string): Promise<PublicWarningsResponseDto> {
    const engine = await this.engine(slug);
    if (!description) return { category: slug, warnings: (await this.bundle(slug)).warnings };
    const { quote } = engine.quoteText(description);
    return {
      category: slug,
      warnings: flattenWarnings(
        quote.warnings.general,
        quote.warnings.byElement.flatMap((e) => e.warnings),
      ),
    };
  }

  private async engine(slug: string): Promise<QuoteEngine> {
    const engine = await this.engines.forSlug(slug);
    if (!engine.snapshot.category.isActive) throw notFound('Categoría', slug);
    return engine;
  }

  private category(engine: QuoteEngine): PublicCategoryWithIdDto {
    const { category } = engine.snapshot;
    return {
      id: category.id,
      slug: category.slug,
      name: category.name,
      description: category.description,
      icon: category.icon,
      client_type: category.clientType,
    };
  }

  private tiers(engine: QuoteEngine): PublicTierDto[] {
    return engine.index.activeTiers.map(({ source }: { source: SnapshotTier }) => ({
      id: source.id,
      code: source.code,
      name: source.name,
      description: source.description,
      price: source.price,
      conditions: source.conditions,
      classification_rules: source.classificationRules
        ? {
            applies_if_any: source.classificationRules.appliesIfAny,
            priority: source.classificationRules.priority,
            requires_project: source.classificationRules.requiresProject,
          }
        : null,
      min_elements: source.minElements,
      max_elements: source.maxElements,
      sort_order: source.sortOrder,
    }));
  }

  private services(engine: QuoteEngine): PublicServiceDto[] {
    return engine.quote([]).additionalServices.map((service) => ({
      code: service.code,
      name: service.name,
      description: service.description,
      price: service.price,
      scope: service.scope,
    }));
  }
}

const flattenWarnings = (...lists: WarningView[][]): PublicWarningDto[] => {
  const seen = new Set<string>();
  return lists.flat().flatMap((warning) => {
    if (seen.has(warning.id)) return [];
    seen.add(warning.id);
    return [{ code: warning.code, message: warning.message, severity: warning.severity }];
  });
};
