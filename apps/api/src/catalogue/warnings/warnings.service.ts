import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import {
  ElementEntity,
  ElementWarningAssociationEntity,
  TariffTierEntity,
  VehicleCategoryEntity,
  WarningEntity,
} from '@app/database';
import { invalid, notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueCacheService } from '@app/catalogue';
import { assertUnique, CatalogueErrorCode, CatalogueWriter } from '../common/catalogue-writer';
import {
  CreateWarningDto,
  toWarningResponse,
  UpdateWarningDto,
  WarningListQueryDto,
  WarningListResponseDto,
  WarningResponseDto,
} from './dto/warning.dto';
import { listEnvelope } from '../../common/http/list-envelope';

const ENTITY = 'warning';

interface Scope {
  categoryId: string | null;
  tierId: string | null;
  elementId: string | null;
}

@Injectable()
export class WarningsService {
  public constructor(
    @InjectRepository(WarningEntity) private readonly warnings: Repository<WarningEntity>,
    private readonly writer: CatalogueWriter,
    private readonly cache: CatalogueCacheService,
  ) {}

  /** Ordered by code. Every warning write bumps the global scope, so this stays exact. */
  public list(query: WarningListQueryDto): Promise<WarningListResponseDto> {
    const name = `warnings:${query.category_id ?? '*'}:${query.limit}:${query.offset}`;
    return this.cache.getOrLoad({}, name, async () => {
      const [rows, total] = await this.warnings.findAndCount({
        where: query.category_id ? { categoryId: query.category_id } : {},
        order: { code: 'ASC' },
        take: query.limit,
        skip: query.offset,
      });
      return listEnvelope(rows, total, query, toWarningResponse);
    });
  }

  public async findOne(id: string): Promise<WarningResponseDto> {
    const row = await this.warnings.findOne({ where: { id } });
    if (!row) throw notFound('Advertencia', id);
    return toWarningResponse(row);
  }

  public create(body: CreateWarningDto, actor: AuthenticatedAdmin): Promise<WarningResponseDto> {
    const duplicate = `Ya existe una advertencia con el código '${body.code}'`;
    return this.writer.write(
      actor,
      async ({ manager, auditCreate, touches }) => {
        const scope: Scope = {
          categoryId: body.category_id ?? null,
          tierId: body.tier_id ?? null,
          elementId: body.element_id ?? null,
        };
        const categoryId = await this.categoryOfScope(manager, scope);
        await assertUnique(
          manager,
          WarningEntity,
          { code: body.code },
          { message: duplicate, context: { code: body.code } },
        );
        const saved = await manager.save(
          manager.create(WarningEntity, {
            code: body.code,
            message: body.message,
            severity: body.severity ?? 'warning',
            triggerConditions: body.trigger_conditions ?? null,
            isActive: body.is_active ?? true,
            ...scope,
          }),
        );
        const view = toWarningResponse(saved);
        await auditCreate(ENTITY, saved.id, view);
        touches({ global: true, categoryIds: [categoryId] });
        return view;
      },
      { message: duplicate },
    );
  }

  public update(
    id: string,
    body: UpdateWarningDto,
    actor: AuthenticatedAdmin,
  ): Promise<WarningResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, auditUpdate, touches }) => {
        const row = await manager.findOne(WarningEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!row) throw notFound('Advertencia', id);
        const previousCategory = await this.categoryOfScope(manager, row);
        if (body.code && body.code !== row.code) {
          await assertUnique(
            manager,
            WarningEntity,
            { code: body.code },
            { message: `Ya existe una advertencia con el código '${body.code}'` },
          );
        }
        const before = toWarningResponse(row);
        manager.merge(WarningEntity, row, {
          code: body.code,
          message: body.message,
          severity: body.severity,
          triggerConditions: body.trigger_conditions,
          isActive: body.is_active,
          categoryId: body.category_id,
          tierId: body.tier_id,
          elementId: body.element_id,
        });
        const categoryId = await this.categoryOfScope(manager, row);
        const after = toWarningResponse(await manager.save(row));
        await auditUpdate(ENTITY, id, before, after);
        // Associations make a warning appear in any category: refresh those too.
        touches({
          global: true,
          categoryIds: [
            previousCategory,
            categoryId,
            ...(await this.associatedCategories(manager, id)),
          ],
        });
        return after;
      },
      { message: `Ya existe una advertencia con el código '${body.code ?? ''}'` },
    );
  }

  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const row = await manager.findOne(WarningEntity, { where: { id } });
      if (!row) throw notFound('Advertencia', id);
      const categories = [
        await this.categoryOfScope(manager, row),
        ...(await this.associatedCategories(manager, id)),
      ];
      await manager.delete(WarningEntity, id);
      await audit({
        entityType: ENTITY,
        entityId: id,
        action: 'delete',
        changes: { code: row.code, message: row.message.slice(0, 200) },
      });
      touches({ global: true, categoryIds: categories });
    });
  }

  /** Validates the scope (at most one, existing) and returns the category it belongs to. */
  private async categoryOfScope(manager: EntityManager, scope: Scope): Promise<string | null> {
    const set = [scope.categoryId, scope.tierId, scope.elementId].filter(Boolean);
    if (set.length > 1) {
      throw invalid(
        CatalogueErrorCode.INVALID,
        'Una advertencia admite como máximo un ámbito: categoría, tarifa o elemento',
      );
    }
    if (scope.categoryId) {
      if (!(await manager.existsBy(VehicleCategoryEntity, { id: scope.categoryId })))
        throw notFound('Categoría', scope.categoryId);
      return scope.categoryId;
    }
    if (scope.tierId) {
      const tier = await manager.findOne(TariffTierEntity, { where: { id: scope.tierId } });
      if (!tier) throw notFound('Tarifa', scope.tierId);
      return tier.categoryId;
    }
    if (scope.elementId) {
      const element = await manager.findOne(ElementEntity, { where: { id: scope.elementId } });
      if (!element) throw notFound('Elemento', scope.elementId);
      return element.categoryId;
    }
    return null;
  }

  private async associatedCategories(manager: EntityManager, warningId: string): Promise<string[]> {
    const rows = await manager
      .createQueryBuilder(ElementWarningAssociationEntity, 'a')
      .innerJoin(ElementEntity, 'e', 'e.id = a.element_id')
      .select('DISTINCT e.category_id', 'category_id')
      .where('a.warning_id = :warningId', { warningId })
      .getRawMany<{ category_id: string }>();
    return rows.map((row) => row.category_id);
  }
}
