import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import {
  ElementEntity,
  ElementImageEntity,
  ElementRequiredFieldEntity,
  ElementWarningAssociationEntity,
  VehicleCategoryEntity,
  WarningEntity,
} from '@app/database';
import { conflict, invalid, notFound, THRESHOLD_SHOW_CONDITIONS } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueCacheService } from '@app/catalogue';
import { CatalogueErrorCode, CatalogueWriter, diffViews } from '../common/catalogue-writer';
import { escapeLike } from '../tiers/tiers.service';
import {
  CreateElementImageDto,
  ElementImageListResponseDto,
  ElementImageResponseDto,
  toElementImageResponse,
  UpdateElementImageDto,
} from './dto/element-image.dto';
import {
  CreateElementWarningDto,
  ElementWarningResponseDto,
  toElementWarningResponse,
  WarningElementDto,
} from './dto/element-warning.dto';
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
import {
  CreateRequiredFieldDto,
  RequiredFieldListQueryDto,
  RequiredFieldResponseDto,
  toRequiredFieldResponse,
  UpdateRequiredFieldDto,
} from './dto/required-field.dto';

const ELEMENT = 'element';
const IMAGE = 'element_image';
const LINK = 'element_warning';
const FIELD = 'element_required_field';
const MAX_DEPTH = 10;

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
    const element = await this.require(manager, id);
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
    const duplicate = `Ya existe el elemento ${body.code} en esta categoría`;
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        if (!(await manager.existsBy(VehicleCategoryEntity, { id: body.category_id }))) {
          throw notFound('Categoría', body.category_id);
        }
        if (
          await manager.existsBy(ElementEntity, { categoryId: body.category_id, code: body.code })
        ) {
          throw conflict(CatalogueErrorCode.DUPLICATE, duplicate, { code: body.code });
        }
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
        await audit({
          entityType: ELEMENT,
          entityId: saved.id,
          action: 'create',
          changes: { ...view },
        });
        touches({ categoryIds: [saved.categoryId] });
        return view;
      },
      { message: duplicate },
    );
  }

  public update(
    id: string,
    body: UpdateElementDto,
    actor: AuthenticatedAdmin,
  ): Promise<ElementResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        const element = await this.require(manager, id, true);
        if (
          body.code &&
          body.code !== element.code &&
          (await manager.existsBy(ElementEntity, {
            categoryId: element.categoryId,
            code: body.code,
          }))
        ) {
          throw conflict(
            CatalogueErrorCode.DUPLICATE,
            `Ya existe el elemento ${body.code} en esta categoría`,
            { code: body.code },
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
        const changes = diffViews(before, after);
        if (Object.keys(changes).length)
          await audit({ entityType: ELEMENT, entityId: id, action: 'update', changes });
        touches({ categoryIds: [element.categoryId] });
        return after;
      },
      { message: `Ya existe el elemento ${body.code ?? ''} en esta categoría` },
    );
  }

  /** Soft delete (is_active=false): cases keep referring to the code. */
  public remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const element = await this.require(manager, id);
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

  // --- images --------------------------------------------------------------------------------

  public async listImages(elementId: string): Promise<ElementImageListResponseDto> {
    await this.require(this.elements.manager, elementId);
    const images = await this.elements.manager.find(ElementImageEntity, {
      where: { elementId },
      order: { sortOrder: 'ASC', createdAt: 'ASC' },
    });
    return { element_id: elementId, images: images.map(toElementImageResponse) };
  }

  public createImage(
    elementId: string,
    body: CreateElementImageDto,
    actor: AuthenticatedAdmin,
  ): Promise<ElementImageResponseDto> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const element = await this.require(manager, elementId);
      const saved = await manager.save(
        manager.create(ElementImageEntity, {
          elementId,
          imageUrl: body.image_url,
          title: body.title ?? null,
          description: body.description ?? null,
          imageType: body.image_type ?? 'example',
          sortOrder: body.sort_order ?? 0,
          isRequired: body.is_required ?? false,
          status: body.status ?? 'placeholder',
          userInstruction: body.user_instruction ?? null,
          validatedAt: body.status === 'active' ? new Date() : null,
        }),
      );
      const view = toElementImageResponse(saved);
      await audit({
        entityType: IMAGE,
        entityId: saved.id,
        action: 'create',
        changes: { ...view },
      });
      touches({ categoryIds: [element.categoryId] });
      return view;
    });
  }

  public updateImage(
    imageId: string,
    body: UpdateElementImageDto,
    actor: AuthenticatedAdmin,
  ): Promise<ElementImageResponseDto> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const image = await manager.findOne(ElementImageEntity, { where: { id: imageId } });
      if (!image) throw notFound('Imagen de elemento', imageId);
      const element = await this.require(manager, image.elementId);
      const before = toElementImageResponse(image);
      manager.merge(ElementImageEntity, image, {
        imageUrl: body.image_url,
        title: body.title,
        description: body.description,
        imageType: body.image_type,
        sortOrder: body.sort_order,
        isRequired: body.is_required,
        status: body.status,
        userInstruction: body.user_instruction,
        ...(body.status === 'active' && before.status !== 'active'
          ? { validatedAt: new Date() }
          : {}),
      });
      const after = toElementImageResponse(await manager.save(image));
      const changes = diffViews(before, after);
      if (Object.keys(changes).length)
        await audit({ entityType: IMAGE, entityId: imageId, action: 'update', changes });
      touches({ categoryIds: [element.categoryId] });
      return after;
    });
  }

  public removeImage(imageId: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const image = await manager.findOne(ElementImageEntity, { where: { id: imageId } });
      if (!image) throw notFound('Imagen de elemento', imageId);
      const element = await this.require(manager, image.elementId);
      await manager.delete(ElementImageEntity, imageId);
      await audit({
        entityType: IMAGE,
        entityId: imageId,
        action: 'delete',
        changes: { element_id: image.elementId, image_url: image.imageUrl },
      });
      touches({ categoryIds: [element.categoryId] });
    });
  }

  // --- element ↔ warning ---------------------------------------------------------------------

  public async listWarnings(elementId: string): Promise<ElementWarningResponseDto[]> {
    await this.require(this.elements.manager, elementId);
    const links = await this.elements.manager.find(ElementWarningAssociationEntity, {
      where: { elementId },
      order: { createdAt: 'ASC' },
    });
    const warnings = links.length
      ? await this.elements.manager.find(WarningEntity, {
          where: { id: In(links.map((l) => l.warningId)) },
        })
      : [];
    const byId = new Map(warnings.map((w) => [w.id, w]));
    return links.map((link) => toElementWarningResponse(link, byId.get(link.warningId)));
  }

  public linkWarning(
    elementId: string,
    body: CreateElementWarningDto,
    actor: AuthenticatedAdmin,
  ): Promise<ElementWarningResponseDto> {
    if (body.element_id && body.element_id !== elementId) {
      throw invalid(CatalogueErrorCode.INVALID, 'element_id del cuerpo no coincide con la ruta');
    }
    const threshold = body.threshold_quantity ?? null;
    if (THRESHOLD_SHOW_CONDITIONS.includes(body.show_condition) && threshold === null) {
      throw invalid(
        CatalogueErrorCode.INVALID,
        `${body.show_condition} necesita threshold_quantity`,
      );
    }
    const duplicate = 'La advertencia ya está asociada a este elemento';
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        const element = await this.require(manager, elementId);
        const warning = await manager.findOne(WarningEntity, { where: { id: body.warning_id } });
        if (!warning) throw notFound('Advertencia', body.warning_id);
        if (
          await manager.existsBy(ElementWarningAssociationEntity, {
            elementId,
            warningId: body.warning_id,
          })
        ) {
          throw conflict(CatalogueErrorCode.DUPLICATE, duplicate);
        }
        const saved = await manager.save(
          manager.create(ElementWarningAssociationEntity, {
            elementId,
            warningId: body.warning_id,
            showCondition: body.show_condition,
            thresholdQuantity: threshold,
          }),
        );
        const view = toElementWarningResponse(saved);
        await audit({
          entityType: LINK,
          entityId: saved.id,
          action: 'create',
          changes: { ...view },
        });
        touches({ categoryIds: [element.categoryId] });
        return toElementWarningResponse(saved, warning);
      },
      { message: duplicate },
    );
  }

  public unlinkWarning(
    elementId: string,
    warningId: string,
    actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const element = await this.require(manager, elementId);
      const link = await manager.findOne(ElementWarningAssociationEntity, {
        where: { elementId, warningId },
      });
      if (!link) throw notFound('Asociación elemento-advertencia', warningId);
      await manager.delete(ElementWarningAssociationEntity, link.id);
      await audit({
        entityType: LINK,
        entityId: link.id,
        action: 'delete',
        changes: { element_id: elementId, warning_id: warningId },
      });
      touches({ categoryIds: [element.categoryId] });
    });
  }

  public async elementsOfWarning(warningId: string): Promise<WarningElementDto[]> {
    const manager = this.elements.manager;
    if (!(await manager.existsBy(WarningEntity, { id: warningId })))
      throw notFound('Advertencia', warningId);
    const links = await manager.find(ElementWarningAssociationEntity, { where: { warningId } });
    const elements = links.length
      ? await manager.find(ElementEntity, { where: { id: In(links.map((l) => l.elementId)) } })
      : [];
    const byId = new Map(elements.map((e) => [e.id, e]));
    return links.flatMap((link) => {
      const element = byId.get(link.elementId);
      return element
        ? [
            {
              element_id: element.id,
              element_code: element.code,
              element_name: element.name,
              category_id: element.categoryId,
              show_condition: link.showCondition,
              threshold_quantity: link.thresholdQuantity,
            },
          ]
        : [];
    });
  }

  // --- required fields -----------------------------------------------------------------------

  public async listFields(
    elementId: string,
    query: RequiredFieldListQueryDto,
  ): Promise<RequiredFieldResponseDto[]> {
    await this.require(this.elements.manager, elementId);
    const fields = await this.elements.manager.find(ElementRequiredFieldEntity, {
      where: { elementId, ...(query.is_active === undefined ? {} : { isActive: query.is_active }) },
      order: { sortOrder: 'ASC', fieldKey: 'ASC' },
    });
    return fields.map(toRequiredFieldResponse);
  }

  public async findField(fieldId: string): Promise<RequiredFieldResponseDto> {
    const field = await this.elements.manager.findOne(ElementRequiredFieldEntity, {
      where: { id: fieldId },
    });
    if (!field) throw notFound('Campo requerido', fieldId);
    return toRequiredFieldResponse(field);
  }

  public createField(
    elementId: string,
    body: CreateRequiredFieldDto,
    actor: AuthenticatedAdmin,
  ): Promise<RequiredFieldResponseDto> {
    const duplicate = `El elemento ya tiene el campo '${body.field_key}'`;
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        const element = await this.require(manager, elementId);
        if (
          await manager.existsBy(ElementRequiredFieldEntity, {
            elementId,
            fieldKey: body.field_key,
          })
        ) {
          throw conflict(CatalogueErrorCode.DUPLICATE, duplicate, { field_key: body.field_key });
        }
        const field = manager.create(ElementRequiredFieldEntity, {
          elementId,
          fieldKey: body.field_key,
          fieldLabel: body.field_label,
          fieldType: body.field_type ?? 'text',
          options: body.options ?? null,
          isRequired: body.is_required ?? true,
          validationRules: body.validation_rules ?? null,
          exampleValue: body.example_value ?? null,
          llmInstruction: body.llm_instruction ?? null,
          conditionFieldId: body.condition_field_id ?? null,
          conditionOperator: body.condition_operator ?? null,
          conditionValue: body.condition_value ?? null,
          sortOrder: body.sort_order ?? 0,
          isActive: body.is_active ?? true,
        });
        await this.checkField(manager, field);
        const saved = await manager.save(field);
        const view = toRequiredFieldResponse(saved);
        await audit({
          entityType: FIELD,
          entityId: saved.id,
          action: 'create',
          changes: { ...view },
        });
        touches({ categoryIds: [element.categoryId] });
        return view;
      },
      { message: duplicate },
    );
  }

  public updateField(
    fieldId: string,
    body: UpdateRequiredFieldDto,
    actor: AuthenticatedAdmin,
  ): Promise<RequiredFieldResponseDto> {
    return this.writer.write(
      actor,
      async ({ manager, audit, touches }) => {
        const field = await manager.findOne(ElementRequiredFieldEntity, {
          where: { id: fieldId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!field) throw notFound('Campo requerido', fieldId);
        const element = await this.require(manager, field.elementId);
        if (
          body.field_key &&
          body.field_key !== field.fieldKey &&
          (await manager.existsBy(ElementRequiredFieldEntity, {
            elementId: field.elementId,
            fieldKey: body.field_key,
          }))
        ) {
          throw conflict(
            CatalogueErrorCode.DUPLICATE,
            `El elemento ya tiene el campo '${body.field_key}'`,
          );
        }
        const before = toRequiredFieldResponse(field);
        manager.merge(ElementRequiredFieldEntity, field, {
          fieldKey: body.field_key,
          fieldLabel: body.field_label,
          fieldType: body.field_type,
          options: body.options,
          isRequired: body.is_required,
          validationRules: body.validation_rules,
          exampleValue: body.example_value,
          llmInstruction: body.llm_instruction,
          conditionFieldId: body.condition_field_id,
          conditionOperator: body.condition_operator,
          conditionValue: body.condition_value,
          sortOrder: body.sort_order,
          isActive: body.is_active,
        });
        await this.checkField(manager, field);
        const after = toRequiredFieldResponse(await manager.save(field));
        const changes = diffViews(before, after);
        if (Object.keys(changes).length)
          await audit({ entityType: FIELD, entityId: fieldId, action: 'update', changes });
        touches({ categoryIds: [element.categoryId] });
        return after;
      },
      { message: `El elemento ya tiene el campo '${body.field_key ?? ''}'` },
    );
  }

  /** Refused (400) while other fields' conditions depend on it. */
  public removeField(fieldId: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const field = await manager.findOne(ElementRequiredFieldEntity, { where: { id: fieldId } });
      if (!field) throw notFound('Campo requerido', fieldId);
      const dependants = await manager.find(ElementRequiredFieldEntity, {
        where: { conditionFieldId: fieldId },
      });
      if (dependants.length > 0) {
        throw invalid(
          CatalogueErrorCode.FIELD_IN_USE,
          `Otros campos dependen de '${field.fieldKey}': ${dependants.map((d) => d.fieldKey).join(', ')}`,
          { dependants: dependants.map((d) => d.fieldKey) },
        );
      }
      const element = await this.require(manager, field.elementId);
      await manager.delete(ElementRequiredFieldEntity, fieldId);
      await audit({
        entityType: FIELD,
        entityId: fieldId,
        action: 'delete',
        changes: { element_id: field.elementId, field_key: field.fieldKey },
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

  /** Same category, not itself, no cycle, bounded depth. */
  private async checkParent(
    manager: EntityManager,
    categoryId: string,
    elementId: string | null,
    parentId: string,
  ): Promise<void> {
    let cursor: ElementEntity | null = await manager.findOne(ElementEntity, {
      where: { id: parentId },
    });
    if (!cursor) throw notFound('Elemento padre', parentId);
    if (cursor.categoryId !== categoryId) {
      throw invalid(
        CatalogueErrorCode.INVALID_REFERENCE,
        'El elemento padre pertenece a otra categoría',
      );
    }
    for (let depth = 0; cursor; depth += 1) {
      if (cursor.id === elementId)
        throw invalid(
          CatalogueErrorCode.INVALID,
          'La jerarquía de elementos no puede tener ciclos',
        );
      if (depth >= MAX_DEPTH)
        throw invalid(CatalogueErrorCode.INVALID, `Jerarquía de más de ${MAX_DEPTH} niveles`);
      cursor = cursor.parentElementId
        ? await manager.findOne(ElementEntity, { where: { id: cursor.parentElementId } })
        : null;
    }
  }

  private async checkField(
    manager: EntityManager,
    field: ElementRequiredFieldEntity,
  ): Promise<void> {
    if (field.fieldType === 'select' && !(field.options && field.options.length > 0)) {
      throw invalid(CatalogueErrorCode.INVALID, 'Un campo select necesita opciones');
    }
    const pattern = field.validationRules?.pattern;
    if (pattern !== undefined) {
      try {
        if (typeof pattern !== 'string') throw new TypeError('pattern');
        new RegExp(pattern);
      } catch {
        throw invalid(
          CatalogueErrorCode.INVALID,
          'validation_rules.pattern no es una expresión regular válida',
        );
      }
    }
    if ((field.conditionFieldId === null) !== (field.conditionOperator === null)) {
      throw invalid(
        CatalogueErrorCode.INVALID,
        'condition_field_id y condition_operator van juntos',
      );
    }
    if (field.conditionFieldId) {
      if (field.id && field.conditionFieldId === field.id) {
        throw invalid(CatalogueErrorCode.INVALID, 'Un campo no puede depender de sí mismo');
      }
      const source = await manager.findOne(ElementRequiredFieldEntity, {
        where: { id: field.conditionFieldId },
      });
      if (!source || source.elementId !== field.elementId) {
        throw invalid(
          CatalogueErrorCode.INVALID_REFERENCE,
          'El campo de la condición debe ser del mismo elemento',
        );
      }
      if (
        ['equals', 'not_equals'].includes(field.conditionOperator ?? '') &&
        !field.conditionValue
      ) {
        throw invalid(
          CatalogueErrorCode.INVALID,
          `${field.conditionOperator} necesita condition_value`,
        );
      }
    }
  }

  private async require(manager: EntityManager, id: string, lock = false): Promise<ElementEntity> {
    const element = await manager.findOne(ElementEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!element) throw notFound('Elemento', id);
    return element;
  }
}
