import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, ILike, Repository } from 'typeorm';
import {
  ElementEntity,
  TariffTierEntity,
  TierElementInclusionEntity,
  VehicleCategoryEntity,
} from '@app/database';
import {
  checkInclusionTarget,
  checkRange,
  invalid,
  notFound,
  resolveTierInclusions,
} from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueCacheService } from '@app/catalogue';
import {
  assertUnique,
  CatalogueErrorCode,
  CatalogueWriter,
  diffViews,
  DuplicateDescription,
  WriteContext,
} from '../common/catalogue-writer';
import {
  BatchInclusionsDto,
  BatchInclusionsResponseDto,
  InclusionInputDto,
  InclusionResponseDto,
  ResolvedElementsResponseDto,
  toInclusionResponse,
  UpdateInclusionDto,
} from './dto/inclusion.dto';
import {
  CreateTierDto,
  TierListQueryDto,
  TierListResponseDto,
  TierResponseDto,
  toTierResponse,
  UpdateTierDto,
} from './dto/tier.dto';
import { listEnvelope } from '../../common/http/list-envelope';

const TIER = 'tariff_tier';
const INCLUSION = 'tier_inclusion';

@Injectable()
export class TiersService {
  public constructor(
    @InjectRepository(TariffTierEntity) private readonly tiers: Repository<TariffTierEntity>,
    @InjectRepository(TierElementInclusionEntity)
    private readonly inclusions: Repository<TierElementInclusionEntity>,
    private readonly writer: CatalogueWriter,
    private readonly cache: CatalogueCacheService,
  ) {}

  public async list(query: TierListQueryDto): Promise<TierListResponseDto> {
    const load = async (): Promise<TierListResponseDto> => {
      const base = query.category_id ? { categoryId: query.category_id } : {};
      const where = query.search
        ? [
            { ...base, code: ILike(`%${escapeLike(query.search)}%`) },
            { ...base, name: ILike(`%${escapeLike(query.search)}%`) },
          ]
        : base;
      const [rows, total] = await this.tiers.findAndCount({
        where,
        order: { sortOrder: 'ASC', code: 'ASC' },
        take: query.limit,
        skip: query.offset,
      });
      return listEnvelope(rows, total, query, toTierResponse);
    };
    // Only category lists are cached: an unscoped list would depend on every category.
    if (!query.category_id) return load();
    const name = `tiers:${query.search ?? ''}:${query.limit}:${query.offset}`;
    return this.cache.getOrLoad({ categoryId: query.category_id }, name, load);
  }

  public async findOne(id: string): Promise<TierResponseDto> {
    return toTierResponse(await this.require(this.tiers.manager, id));
  }

  public create(body: CreateTierDto, actor: AuthenticatedAdmin): Promise<TierResponseDto> {
    checkRange(body.min_elements, body.max_elements, 'Elementos');
    return this.writer.write(
      actor,
      async ({ manager, auditCreate, touches }) => {
        if (!(await manager.existsBy(VehicleCategoryEntity, { id: body.category_id }))) {
          throw notFound('Categoría', body.category_id);
        }
        await assertUnique(
          manager,
          TariffTierEntity,
          { categoryId: body.category_id, code: body.code },
          duplicateCode(body.code),
        );
        const saved = await manager.save(
          manager.create(TariffTierEntity, {
            categoryId: body.category_id,
            code: body.code,
            name: body.name,
            description: body.description ?? null,
            price: body.price.toFixed(2),
            conditions: body.conditions ?? null,
            classificationRules: body.classification_rules ?? null,
            minElements: body.min_elements ?? null,
            maxElements: body.max_elements ?? null,
            isActive: body.is_active ?? true,
            sortOrder: body.sort_order ?? 0,
          }),
        );
        const view = toTierResponse(saved);
        await auditCreate(TIER, saved.id, view);
        touches({ categoryIds: [saved.categoryId] });
        return view;
      },
      { message: `Ya existe la tarifa ${body.code} en esta categoría` },
    );
  }

  public update(
    id: string,
    body: UpdateTierDto,
    actor: AuthenticatedAdmin,
  ): Promise<TierResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, auditUpdate, touches }) => {
        const tier = await this.require(manager, id, true);
        if (body.code && body.code !== tier.code) {
          await assertUnique(
            manager,
            TariffTierEntity,
            { categoryId: tier.categoryId, code: body.code },
            duplicateCode(body.code),
          );
        }
        const before = toTierResponse(tier);
        manager.merge(TariffTierEntity, tier, {
          code: body.code,
          name: body.name,
          description: body.description,
          price: body.price === undefined ? undefined : body.price.toFixed(2),
          conditions: body.conditions,
          classificationRules: body.classification_rules,
          minElements: body.min_elements,
          maxElements: body.max_elements,
          isActive: body.is_active,
          sortOrder: body.sort_order,
        });
        checkRange(tier.minElements, tier.maxElements, 'Elementos');
        const after = toTierResponse(await manager.save(tier));
        await auditUpdate(TIER, id, before, after);
        touches({ categoryIds: [tier.categoryId] });
        return after;
      },
      { message: `Ya existe la tarifa ${body.code ?? ''} en esta categoría` },
    );
  }

  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const tier = await this.require(manager, id);
      await manager.delete(TariffTierEntity, id);
      await audit({
        entityType: TIER,
        entityId: id,
        action: 'delete',
        changes: { code: tier.code, name: tier.name, category_id: tier.categoryId },
      });
      touches({ categoryIds: [tier.categoryId] });
    });
  }

  // --- inclusions ---------------------------------------------------------------------------

  public async listInclusions(tierId: string): Promise<InclusionResponseDto[]> {
    await this.require(this.tiers.manager, tierId);
    const rows = await this.inclusions.find({ where: { tierId }, order: { createdAt: 'ASC' } });
    return rows.map(toInclusionResponse);
  }

  public createInclusion(
    tierId: string,
    body: InclusionInputDto,
    actor: AuthenticatedAdmin,
  ): Promise<InclusionResponseDto> {
    return this.writer.write(
      actor,
      async (ctx) => this.insertInclusion(ctx, await this.require(ctx.manager, tierId), body),
      {
        message: 'Esa inclusión ya existe en la tarifa',
      },
    );
  }

  public batchInclusions(
    tierId: string,
    body: BatchInclusionsDto,
    actor: AuthenticatedAdmin,
  ): Promise<BatchInclusionsResponseDto> {
    this.checkPathTier(tierId, body.tier_id);
    return this.writer.write(
      actor,
      async (ctx) => {
        const tier = await this.require(ctx.manager, tierId);
        const created: InclusionResponseDto[] = [];
        for (const input of body.inclusions)
          created.push(await this.insertInclusion(ctx, tier, input));
        return { tier_id: tierId, created_count: created.length, inclusions: created };
      },
      { message: 'Alguna de las inclusiones ya existe en la tarifa' },
    );
  }

  public updateInclusion(
    tierId: string,
    inclusionId: string,
    body: UpdateInclusionDto,
    actor: AuthenticatedAdmin,
  ): Promise<InclusionResponseDto> {
    this.checkPathTier(tierId, body.tier_id);
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        const tier = await this.require(manager, tierId);
        const row = await manager.findOne(TierElementInclusionEntity, {
          where: { id: inclusionId, tierId },
        });
        if (!row) throw notFound('Inclusión', inclusionId);
        const before = toInclusionResponse(row);
        manager.merge(TierElementInclusionEntity, row, {
          elementId: body.element_id === undefined ? undefined : body.element_id,
          includedTierId: body.included_tier_id === undefined ? undefined : body.included_tier_id,
          minQuantity: body.min_quantity,
          maxQuantity: body.max_quantity,
          notes: body.notes,
        });
        await this.validateTarget(
          manager,
          tier,
          row.elementId,
          row.includedTierId,
          row.minQuantity,
          row.maxQuantity,
        );
        const after = toInclusionResponse(await manager.save(row));
        await audit({
          entityType: INCLUSION,
          entityId: row.id,
          action: 'update',
          changes: diffViews(before, after),
        });
        touches({ categoryIds: [tier.categoryId] });
        return after;
      },
      { message: 'Esa inclusión ya existe en la tarifa' },
    );
  }

  public removeInclusion(
    tierId: string,
    inclusionId: string,
    actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const tier = await this.require(manager, tierId);
      const row = await manager.findOne(TierElementInclusionEntity, {
        where: { id: inclusionId, tierId },
      });
      if (!row) throw notFound('Inclusión', inclusionId);
      await manager.delete(TierElementInclusionEntity, row.id);
      await audit({
        entityType: INCLUSION,
        entityId: row.id,
        action: 'delete',
        changes: {
          tier_id: tierId,
          element_id: row.elementId,
          included_tier_id: row.includedTierId,
        },
      });
      touches({ categoryIds: [tier.categoryId] });
    });
  }

  /** Recursive, cycle-safe resolution (the engine's own function, so the panel shows what prices). */
  public async resolvedElements(tierId: string): Promise<ResolvedElementsResponseDto> {
    const tier = await this.require(this.tiers.manager, tierId);
    return this.cache.getOrLoad({ categoryId: tier.categoryId }, `resolved:${tierId}`, async () => {
      const tierIds = (
        await this.tiers.find({ where: { categoryId: tier.categoryId }, select: { id: true } })
      ).map((t) => t.id);
      const rows = await this.inclusions
        .createQueryBuilder('i')
        .where('i.tier_id IN (:...tierIds)', { tierIds })
        .getMany();
      const resolved = resolveTierInclusions(tierId, rows) ?? new Map<string, number | null>();
      return {
        tier_id: tier.id,
        tier_code: tier.code,
        tier_name: tier.name,
        total_elements: resolved.size,
        elements: Object.fromEntries(resolved),
      };
    });
  }

  private async insertInclusion(
    { manager, auditCreate, touches }: WriteContext,
    tier: TariffTierEntity,
    body: InclusionInputDto,
  ): Promise<InclusionResponseDto> {
    this.checkPathTier(tier.id, body.tier_id);
    const elementId = body.element_id ?? null;
    const includedTierId = body.included_tier_id ?? null;
    await this.validateTarget(
      manager,
      tier,
      elementId,
      includedTierId,
      body.min_quantity ?? null,
      body.max_quantity ?? null,
    );
    await assertUnique(
      manager,
      TierElementInclusionEntity,
      elementId
        ? { tierId: tier.id, elementId }
        : { tierId: tier.id, includedTierId: includedTierId as string },
      {
        message: 'Esa inclusión ya existe en la tarifa',
        context: { element_id: elementId, included_tier_id: includedTierId },
      },
    );
    const saved = await manager.save(
      manager.create(TierElementInclusionEntity, {
        tierId: tier.id,
        elementId,
        includedTierId,
        minQuantity: body.min_quantity ?? null,
        maxQuantity: body.max_quantity ?? null,
        notes: body.notes ?? null,
      }),
    );
    const view = toInclusionResponse(saved);
    await auditCreate(INCLUSION, saved.id, view);
    touches({ categoryIds: [tier.categoryId] });
    return view;
  }

  private async validateTarget(
    manager: EntityManager,
    tier: TariffTierEntity,
    elementId: string | null,
    includedTierId: string | null,
    min: number | null,
    max: number | null,
  ): Promise<void> {
    checkInclusionTarget({
      tierId: tier.id,
      elementId,
      includedTierId,
      minQuantity: min,
      maxQuantity: max,
    });
    if (elementId) {
      const element = await manager.findOne(ElementEntity, { where: { id: elementId } });
      if (!element) throw notFound('Elemento', elementId);
      if (element.categoryId !== tier.categoryId) {
        throw invalid(
          CatalogueErrorCode.INVALID_REFERENCE,
          'El elemento pertenece a otra categoría',
        );
      }
    }
    if (includedTierId) {
      const included = await manager.findOne(TariffTierEntity, { where: { id: includedTierId } });
      if (!included) throw notFound('Tarifa', includedTierId);
      if (included.categoryId !== tier.categoryId) {
        throw invalid(
          CatalogueErrorCode.INVALID_REFERENCE,
          'La tarifa incluida pertenece a otra categoría',
        );
      }
    }
  }

  private checkPathTier(pathTierId: string, bodyTierId: string | undefined): void {
    if (bodyTierId && bodyTierId !== pathTierId) {
      throw invalid(CatalogueErrorCode.INVALID, 'tier_id del cuerpo no coincide con la ruta');
    }
  }

  private async require(
    manager: EntityManager,
    id: string,
    lock = false,
  ): Promise<TariffTierEntity> {
    const tier = await manager.findOne(TariffTierEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!tier) throw notFound('Tarifa', id);
    return tier;
  }
}

const duplicateCode = (code: string): DuplicateDescription => ({
  message: `Ya existe la tarifa ${code} en esta categoría`,
  context: { code },
});

export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);
