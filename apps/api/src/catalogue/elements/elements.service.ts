import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { ElementEntity, ElementImageEntity, VehicleCategoryEntity } from '@app/database';
import { checkElementParent, notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueCacheService } from '@app/catalogue';
import { assertUnique, CatalogueWriter } from '../common/catalogue-writer';
import { escapeLike } from '../tiers/tiers.service';
import { requireElement } from './element-lookup';
import { ElementImageResponseDto, toElementImageResponse } from './dto/element-image.dto';
import {
  CreateElementDto,
  ElementDetailQueryDto,
  ElementDetailResponseDto,
  ElementListItemDto,
  ElementListQueryDto,
  ElementListResponseDto,
  ElementResponseDto,
  toElementResponse,
  UpdateElementDto,
} from './dto/element.dto';

const ELEMENT = 'element';

const trimList = (values: string[] | null | undefined): string[] | undefined =>
  values === undefined
    ? undefined
    : [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];

@Injectable()
export class ElementsService {
  public constructor(
    @InjectRepository(ElementEntity) private readonly elements: Repository<ElementEntity>,
    private readonly writer: CatalogueWriter,
    private readonly cache: CatalogueCacheService,
  ) {}

  // --- elements ------------------------------------------------------------------------------
  public list(query: ElementListQueryDto): Promise<ElementListResponseDto> {
    const load = (): Promise<ElementListResponseDto> => this.loadList(query);
    if (!query.category_id) return load();
    const name = `elements:${JSON.stringify([query.skip, query.limit, query.is_active, query.include_children, query.only_base, query.search ?? ''])}`;
    return this.cache.getOrLoad({ categoryId: query.category_id }, name, load);
  }
  public async findOne(
    id: string,
    query: ElementDetailQueryDto,
  ): Promise<ElementDetailResponseDto> {
    const manager = this.elements.manager;
    const element = await requireElement(manager, id);
    const parent = element.parentElementId
      ? await manager.findOne(ElementEntity, { where: { id: element.parentElementId } })
      : null;
    const children = query.include_children
      ? await manager.find(ElementEntity, {
          where: { parentElementId: id },
          order: { sortOrder: 'ASC', code: 'ASC' },
        })
      : [];
    const images = await manager.find(ElementImageEntity, {
      where: { elementId: In([id, ...children.map((c) => c.id)]) },
      order: { sortOrder: 'ASC' },
    });
    const imagesOf = (elementId: string): ElementImageResponseDto[] =>
      images.filter((i) => i.elementId === elementId).map(toElementImageResponse);
    return {
      ...toElementResponse(element),
      images: imagesOf(id),
      parent: parent ? { id: parent.id, code: parent.code, name: parent.name } : null,
      ...(query.include_children
        ? {
            children: children.map((child) => ({
              ...toElementResponse(child),
              images: imagesOf(child.id),
            })),
          }
        : {}),
    };
  }
  public create(body: CreateElementDto, actor: AuthenticatedAdmin): Promise<ElementResponseDto> {
    const duplicate = {
      message: `Ya existe el elemento ${body.code} en esta categoría`,
      context: { code: body.code },
    };
    return this.writer.write(
      actor,
      async ({ manager, auditCreate, touches }) => {
        if (!(await manager.existsBy(VehicleCategoryEntity, { id: body.category_id }))) {
          throw notFound('Categoría', body.category_id);
        }
        await assertUnique(
          manager,
          ElementEntity,
          { categoryId: body.category_id, code: body.code },
          duplicate,
        );
        if (body.parent_element_id)
          await this.checkParent(manager, body.category_id, null, body.parent_element_id);
        const saved = await manager.save(
          manager.create(ElementEntity, {
            categoryId: body.category_id,
            code: body.code,
            name: body.name,
            description: body.description ?? null,
            keywords: trimList(body.keywords) ?? [],
            aliases: trimList(body.aliases) ?? [],
            isActive: body.is_active ?? true,
            sortOrder: body.sort_order ?? 0,
            parentElementId: body.parent_element_id ?? null,
            variantType: body.variant_type ?? null,
            variantCode: body.variant_code ?? null,
            questionHint: body.question_hint ?? null,
            multiSelectKeywords: trimList(body.multi_select_keywords) ?? [],
            inheritParentData: body.inherit_parent_data ?? true,
          }),
        );
        const view = toElementResponse(saved);
        await auditCreate(ELEMENT, saved.id, view);
        touches({ categoryIds: [saved.categoryId] });
        return view;
      },
      { message: duplicate.message },
    );
  }
  public update(
    id: string,
    body: UpdateElementDto,
    actor: AuthenticatedAdmin,
  ): Promise<ElementResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, auditUpdate, touches }) => {
        const element = await requireElement(manager, id, true);
        if (body.code && body.code !== element.code) {
          await assertUnique(
            manager,
            ElementEntity,
            { categoryId: element.categoryId, code: body.code },
            {
              message: `Ya existe el elemento ${body.code} en esta categoría`,
              context: { code: body.code },
            },
          );
        }
        if (body.parent_element_id)
          await this.checkParent(manager, element.categoryId, id, body.parent_element_id);
        const before = toElementResponse(element);
        manager.merge(ElementEntity, element, {
          code: body.code,
          name: body.name,
          description: body.description,
          keywords: trimList(body.keywords),
          aliases: body.aliases === null ? [] : trimList(body.aliases),
          isActive: body.is_active,
          sortOrder: body.sort_order,
          parentElementId: body.parent_element_id,
          variantType: body.variant_type,
          variantCode: body.variant_code,
          questionHint: body.question_hint,
          multiSelectKeywords:
            body.multi_select_keywords === null ? [] : trimList(body.multi_select_keywords),
          inheritParentData: body.inherit_parent_data,
        });
        const after = toElementResponse(await manager.save(element));
        await auditUpdate(ELEMENT, id, before, after);
        touches({ categoryIds: [element.categoryId] });
        return after;
      },
      { message: `Ya existe el elemento ${body.code ?? ''} en esta categoría` },
    );
  }

  /** Soft delete (is_active=false): cases keep referring to the code. */
  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const element = await requireElement(manager, id);
      if (element.isActive) {
        await manager.update(ElementEntity, id, { isActive: false });
      }
      await audit({
        entityType: ELEMENT,
        entityId: id,
        action: 'delete',
        changes: { code: element.code, name: element.name, soft: true },
      });
      touches({ categoryIds: [element.categoryId] });
    });
  }

  // --- helpers -------------------------------------------------------------------------------
  private async loadList(query: ElementListQueryDto): Promise<ElementListResponseDto> {
    const qb = this.elements.createQueryBuilder('e');
    if (query.category_id)
      qb.andWhere('e.category_id = :categoryId', { categoryId: query.category_id });
    if (query.is_active !== undefined)
      qb.andWhere('e.is_active = :isActive', { isActive: query.is_active });
    if (query.only_base) qb.andWhere('e.parent_element_id IS NULL');
    if (query.search) {
      const pattern = `%${escapeLike(query.search)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('e.name ILIKE :pattern', { pattern })
            .orWhere('e.code ILIKE :pattern', { pattern })
            .orWhere('e.keywords::text ILIKE :pattern', { pattern }),
        ),
      );
    }
    const [rows, total] = await qb
      .orderBy('e.sort_order', 'ASC')
      .addOrderBy('e.code', 'ASC')
      .skip(query.skip)
      .take(query.limit)
      .getManyAndCount();
    const children =
      query.include_children && rows.length
        ? await this.elements.find({
            where: { parentElementId: In(rows.map((r) => r.id)) },
            order: { sortOrder: 'ASC', code: 'ASC' },
          })
        : [];
    const items = await this.withCounts([...rows, ...children]);
    const byId = new Map(items.map((item) => [item.id, item]));
    return {
      items: rows.map((row) => {
        const item = byId.get(row.id) as ElementListItemDto;
        return query.include_children
          ? {
              ...item,
              children: children
                .filter((c) => c.parentElementId === row.id)
                .map((c) => byId.get(c.id) as ElementListItemDto),
            }
          : item;
      }),
      total,
      skip: query.skip,
      limit: query.limit,
    };
  }
  private async withCounts(elements: ElementEntity[]): Promise<ElementListItemDto[]> {
    if (elements.length === 0) return [];
    const ids = elements.map((e) => e.id);
    const count = async (sql: string): Promise<Map<string, number>> => {
      const rows = await this.elements.manager.query<{ id: string; n: string }[]>(sql, [ids]);
      return new Map(rows.map((row) => [row.id, Number(row.n)]));
    };
    const [images, warnings, children] = await Promise.all([
      count(
        'SELECT element_id AS id, count(*) AS n FROM element_images WHERE element_id = ANY($1) GROUP BY element_id',
      ),
      count(
        'SELECT element_id AS id, count(*) AS n FROM element_warning_associations WHERE element_id = ANY($1) GROUP BY element_id',
      ),
      count(
        'SELECT parent_element_id AS id, count(*) AS n FROM elements WHERE parent_element_id = ANY($1) GROUP BY parent_element_id',
      ),
    ]);
    return elements.map((element) => ({
      ...toElementResponse(element),
      image_count: images.get(element.id) ?? 0,
      warning_count: warnings.get(element.id) ?? 0,
      child_count: children.get(element.id) ?? 0,
    }));
  }

  /** Same category, not itself, no cycle, bounded depth (the rule lives in the domain). */
  private checkParent(
    manager: EntityManager,
    categoryId: string,
    elementId: string | null,
    parentId: string,
  ): Promise<void> {
    return checkElementParent({ id: elementId, categoryId }, parentId, (id) =>
      manager.findOne(ElementEntity, { where: { id } }),
    );
  }
}
