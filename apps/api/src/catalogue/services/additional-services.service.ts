import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AdditionalServiceEntity, VehicleCategoryEntity } from '@app/database';
import { notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueCacheService, Invalidation } from '@app/catalogue';
import { CatalogueWriter } from '../common/catalogue-writer';
import {
  CreateServiceDto,
  ServiceListQueryDto,
  ServiceListResponseDto,
  ServiceResponseDto,
  toServiceResponse,
  UpdateServiceDto,
} from './dto/service.dto';
import { listEnvelope } from '../../common/http/list-envelope';

const ENTITY = 'additional_service';

/** A global service (no category) is part of every category's bundle: it bumps the global scope. */
const scopeOf = (...categoryIds: (string | null)[]): Invalidation =>
  categoryIds.some((id) => id === null) ? { global: true, categoryIds } : { categoryIds };

@Injectable()
export class AdditionalServicesService {
  public constructor(
    @InjectRepository(AdditionalServiceEntity)
    private readonly services: Repository<AdditionalServiceEntity>,
    private readonly writer: CatalogueWriter,
    private readonly cache: CatalogueCacheService,
  ) {}

  public list(query: ServiceListQueryDto): Promise<ServiceListResponseDto> {
    const load = async (): Promise<ServiceListResponseDto> => {
      const [rows, total] = await this.services.findAndCount({
        where: query.category_id
          ? [{ categoryId: query.category_id }, { categoryId: IsNull() }]
          : {},
        order: { sortOrder: 'ASC', code: 'ASC' },
        take: query.limit,
        skip: query.offset,
      });
      return listEnvelope(rows, total, query, toServiceResponse);
    };
    if (!query.category_id) return load();
    return this.cache.getOrLoad(
      { categoryId: query.category_id },
      `services:${query.limit}:${query.offset}`,
      load,
    );
  }

  public async findOne(id: string): Promise<ServiceResponseDto> {
    const row = await this.services.findOne({ where: { id } });
    if (!row) throw notFound('Servicio adicional', id);
    return toServiceResponse(row);
  }

  public create(body: CreateServiceDto, actor: AuthenticatedAdmin): Promise<ServiceResponseDto> {
    return this.writer.write(actor, async ({ manager, auditCreate, touches }) => {
      const categoryId = body.category_id ?? null;
      if (categoryId && !(await manager.existsBy(VehicleCategoryEntity, { id: categoryId }))) {
        throw notFound('Categoría', categoryId);
      }
      const saved = await manager.save(
        manager.create(AdditionalServiceEntity, {
          categoryId,
          code: body.code,
          name: body.name,
          description: body.description ?? null,
          price: body.price.toFixed(2),
          isActive: body.is_active ?? true,
          sortOrder: body.sort_order ?? 0,
        }),
      );
      const view = toServiceResponse(saved);
      await auditCreate(ENTITY, saved.id, view);
      touches(scopeOf(categoryId));
      return view;
    });
  }

  public update(
    id: string,
    body: UpdateServiceDto,
    actor: AuthenticatedAdmin,
  ): Promise<ServiceResponseDto> {
    return this.writer.write(actor, async ({ manager, auditUpdate, touches }) => {
      const row = await manager.findOne(AdditionalServiceEntity, { where: { id } });
      if (!row) throw notFound('Servicio adicional', id);
      if (
        body.category_id &&
        !(await manager.existsBy(VehicleCategoryEntity, { id: body.category_id }))
      ) {
        throw notFound('Categoría', body.category_id);
      }
      const previousCategory = row.categoryId;
      const before = toServiceResponse(row);
      manager.merge(AdditionalServiceEntity, row, {
        categoryId: body.category_id,
        code: body.code,
        name: body.name,
        description: body.description,
        price: body.price === undefined ? undefined : body.price.toFixed(2),
        isActive: body.is_active,
        sortOrder: body.sort_order,
      });
      const after = toServiceResponse(await manager.save(row));
      await auditUpdate(ENTITY, id, before, after);
      touches(scopeOf(previousCategory, row.categoryId));
      return after;
    });
  }

  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const row = await manager.findOne(AdditionalServiceEntity, { where: { id } });
      if (!row) throw notFound('Servicio adicional', id);
      await manager.delete(AdditionalServiceEntity, id);
      await audit({
        entityType: ENTITY,
        entityId: id,
        action: 'delete',
        changes: { code: row.code, name: row.name, category_id: row.categoryId },
      });
      touches(scopeOf(row.categoryId));
    });
  }
}
