import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ElementRequiredFieldEntity } from '@app/database';
import { checkRequiredFieldDefinition, invalid, notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { assertUnique, CatalogueErrorCode, CatalogueWriter } from '../common/catalogue-writer';
import {
  CreateRequiredFieldDto,
  RequiredFieldListQueryDto,
  RequiredFieldResponseDto,
  toRequiredFieldResponse,
  UpdateRequiredFieldDto,
} from './dto/required-field.dto';
import { requireElement } from './element-lookup';

const FIELD = 'element_required_field';

/** The data the assistant collects per element (required fields and their conditions). */
@Injectable()
export class RequiredFieldsService {
  private readonly manager: EntityManager;

  public constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly writer: CatalogueWriter,
  ) {
    this.manager = dataSource.manager;
  }

  public async listFields(
    elementId: string,
    query: RequiredFieldListQueryDto,
  ): Promise<RequiredFieldResponseDto[]> {
    await requireElement(this.manager, elementId);
    const fields = await this.manager.find(ElementRequiredFieldEntity, {
      where: { elementId, ...(query.is_active === undefined ? {} : { isActive: query.is_active }) },
      order: { sortOrder: 'ASC', fieldKey: 'ASC' },
    });
    return fields.map(toRequiredFieldResponse);
  }

  public async findField(fieldId: string): Promise<RequiredFieldResponseDto> {
    const field = await this.manager.findOne(ElementRequiredFieldEntity, {
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
      async ({ manager, auditCreate, touches }) => {
        const element = await requireElement(manager, elementId);
        await assertUnique(
          manager,
          ElementRequiredFieldEntity,
          { elementId, fieldKey: body.field_key },
          { message: duplicate, context: { field_key: body.field_key } },
        );
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
        await auditCreate(FIELD, saved.id, view);
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
      async ({ manager, auditUpdate, touches }) => {
        const field = await manager.findOne(ElementRequiredFieldEntity, {
          where: { id: fieldId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!field) throw notFound('Campo requerido', fieldId);
        const element = await requireElement(manager, field.elementId);
        if (body.field_key && body.field_key !== field.fieldKey) {
          await assertUnique(
            manager,
            ElementRequiredFieldEntity,
            { elementId: field.elementId, fieldKey: body.field_key },
            { message: `El elemento ya tiene el campo '${body.field_key}'` },
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
        await auditUpdate(FIELD, fieldId, before, after);
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
      const element = await requireElement(manager, field.elementId);
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

  private async checkField(
    manager: EntityManager,
    field: ElementRequiredFieldEntity,
  ): Promise<void> {
    const source = field.conditionFieldId
      ? await manager.findOne(ElementRequiredFieldEntity, { where: { id: field.conditionFieldId } })
      : null;
    checkRequiredFieldDefinition(field, source);
  }
}
