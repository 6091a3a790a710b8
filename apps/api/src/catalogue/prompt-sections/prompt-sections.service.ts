import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TariffPromptSectionEntity, VehicleCategoryEntity } from '@app/database';
import { notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { assertUnique, CatalogueWriter } from '../common/catalogue-writer';
import {
  CreatePromptSectionDto,
  PromptSectionListQueryDto,
  PromptSectionListResponseDto,
  PromptSectionResponseDto,
  toPromptSectionResponse,
  UpdatePromptSectionDto,
} from './dto/prompt-section.dto';
import { listEnvelope } from '../../common/http/list-envelope';

const ENTITY = 'prompt_section';
/** Audit stores only that a prompt text changed and its length, never the text. */
const contentAudit = (content: string): Record<string, unknown> => ({
  changed: true,
  length: content.length,
});

@Injectable()
export class PromptSectionsService {
  public constructor(
    @InjectRepository(TariffPromptSectionEntity)
    private readonly sections: Repository<TariffPromptSectionEntity>,
    private readonly writer: CatalogueWriter,
  ) {}

  public async list(query: PromptSectionListQueryDto): Promise<PromptSectionListResponseDto> {
    const [rows, total] = await this.sections.findAndCount({
      where: {
        ...(query.category_id ? { categoryId: query.category_id } : {}),
        ...(query.section_type ? { sectionType: query.section_type } : {}),
      },
      order: { categoryId: 'ASC', sectionType: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return listEnvelope(rows, total, query, toPromptSectionResponse);
  }

  public async findOne(id: string): Promise<PromptSectionResponseDto> {
    const row = await this.sections.findOne({ where: { id } });
    if (!row) throw notFound('Sección de prompt', id);
    return toPromptSectionResponse(row);
  }

  public create(
    body: CreatePromptSectionDto,
    actor: AuthenticatedAdmin,
  ): Promise<PromptSectionResponseDto> {
    const duplicate = `La categoría ya tiene una sección ${body.section_type}`;
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        if (!(await manager.existsBy(VehicleCategoryEntity, { id: body.category_id }))) {
          throw notFound('Categoría', body.category_id);
        }
        await assertUnique(
          manager,
          TariffPromptSectionEntity,
          { categoryId: body.category_id, sectionType: body.section_type },
          { message: duplicate, context: { section_type: body.section_type } },
        );
        const saved = await manager.save(
          manager.create(TariffPromptSectionEntity, {
            categoryId: body.category_id,
            sectionType: body.section_type,
            content: body.content,
            isActive: body.is_active ?? true,
            version: 1,
          }),
        );
        await audit({
          entityType: ENTITY,
          entityId: saved.id,
          action: 'create',
          changes: {
            category_id: saved.categoryId,
            section_type: saved.sectionType,
            content: contentAudit(saved.content),
            is_active: saved.isActive,
          },
        });
        touches({ categoryIds: [saved.categoryId] });
        return toPromptSectionResponse(saved);
      },
      { message: duplicate },
    );
  }

  /** Every update increments `version`. */
  public update(
    id: string,
    body: UpdatePromptSectionDto,
    actor: AuthenticatedAdmin,
  ): Promise<PromptSectionResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        const row = await manager.findOne(TariffPromptSectionEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!row) throw notFound('Sección de prompt', id);
        if (body.section_type && body.section_type !== row.sectionType) {
          await assertUnique(
            manager,
            TariffPromptSectionEntity,
            { categoryId: row.categoryId, sectionType: body.section_type },
            { message: `La categoría ya tiene una sección ${body.section_type}` },
          );
        }
        const changes: Record<string, unknown> = {};
        if (body.content !== undefined && body.content !== row.content)
          changes.content = contentAudit(body.content);
        if (body.section_type !== undefined && body.section_type !== row.sectionType)
          changes.section_type = { old: row.sectionType, new: body.section_type };
        if (body.is_active !== undefined && body.is_active !== row.isActive)
          changes.is_active = { old: row.isActive, new: body.is_active };
        manager.merge(TariffPromptSectionEntity, row, {
          sectionType: body.section_type,
          content: body.content,
          isActive: body.is_active,
          version: row.version + 1,
        });
        const saved = await manager.save(row);
        changes.version = { old: saved.version - 1, new: saved.version };
        await audit({ entityType: ENTITY, entityId: id, action: 'update', changes });
        touches({ categoryIds: [row.categoryId] });
        return toPromptSectionResponse(saved);
      },
      { message: 'La categoría ya tiene una sección de ese tipo' },
    );
  }

  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const row = await manager.findOne(TariffPromptSectionEntity, { where: { id } });
      if (!row) throw notFound('Sección de prompt', id);
      await manager.delete(TariffPromptSectionEntity, id);
      await audit({
        entityType: ENTITY,
        entityId: id,
        action: 'delete',
        changes: { category_id: row.categoryId, section_type: row.sectionType },
      });
      touches({ categoryIds: [row.categoryId] });
    });
  }
}
