import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BaseDocumentationEntity, VehicleCategoryEntity } from '@app/database';
import { notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueWriter } from '../common/catalogue-writer';
import {
  BaseDocListQueryDto,
  BaseDocListResponseDto,
  BaseDocResponseDto,
  CreateBaseDocDto,
  toBaseDocResponse,
  UpdateBaseDocDto,
} from './dto/base-doc.dto';
import { listEnvelope } from '../../common/http/list-envelope';

const ENTITY = 'base_documentation';

/** Base documentation; its writes are audited like every catalogue write. */
@Injectable()
export class BaseDocsService {
  public constructor(
    @InjectRepository(BaseDocumentationEntity)
    private readonly docs: Repository<BaseDocumentationEntity>,
    private readonly writer: CatalogueWriter,
  ) {}

  public async list(query: BaseDocListQueryDto): Promise<BaseDocListResponseDto> {
    const [rows, total] = await this.docs.findAndCount({
      where: query.category_id ? { categoryId: query.category_id } : {},
      order: { categoryId: 'ASC', sortOrder: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return listEnvelope(rows, total, query, toBaseDocResponse);
  }

  public create(body: CreateBaseDocDto, actor: AuthenticatedAdmin): Promise<BaseDocResponseDto> {
    return this.writer.write(actor, async ({ manager, auditCreate, touches }) => {
      if (!(await manager.existsBy(VehicleCategoryEntity, { id: body.category_id }))) {
        throw notFound('Categoría', body.category_id);
      }
      const saved = await manager.save(
        manager.create(BaseDocumentationEntity, {
          categoryId: body.category_id,
          description: body.description,
          imageUrl: body.image_url ?? null,
          sortOrder: body.sort_order ?? 0,
        }),
      );
      const view = toBaseDocResponse(saved);
      await auditCreate(ENTITY, saved.id, view);
      touches({ categoryIds: [saved.categoryId] });
      return view;
    });
  }

  public update(
    id: string,
    body: UpdateBaseDocDto,
    actor: AuthenticatedAdmin,
  ): Promise<BaseDocResponseDto> {
    return this.writer.write(actor, async ({ manager, auditUpdate, touches }) => {
      const doc = await manager.findOne(BaseDocumentationEntity, { where: { id } });
      if (!doc) throw notFound('Documentación base', id);
      const before = toBaseDocResponse(doc);
      manager.merge(BaseDocumentationEntity, doc, {
        description: body.description,
        imageUrl: body.image_url,
        sortOrder: body.sort_order,
      });
      const after = toBaseDocResponse(await manager.save(doc));
      await auditUpdate(ENTITY, id, before, after);
      touches({ categoryIds: [doc.categoryId] });
      return after;
    });
  }

  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const doc = await manager.findOne(BaseDocumentationEntity, { where: { id } });
      if (!doc) throw notFound('Documentación base', id);
      await manager.delete(BaseDocumentationEntity, id);
      await audit({
        entityType: ENTITY,
        entityId: id,
        action: 'delete',
        changes: { category_id: doc.categoryId, description: doc.description.slice(0, 200) },
      });
      touches({ categoryIds: [doc.categoryId] });
    });
  }
}
