import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ElementEntity, ElementWarningAssociationEntity, WarningEntity } from '@app/database';
import { invalid, notFound, THRESHOLD_SHOW_CONDITIONS } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { assertUnique, CatalogueErrorCode, CatalogueWriter } from '../common/catalogue-writer';
import {
  CreateElementWarningDto,
  ElementWarningResponseDto,
  toElementWarningResponse,
  WarningElementDto,
} from './dto/element-warning.dto';
import { requireElement } from './element-lookup';

const LINK = 'element_warning';

/** Which warnings an element shows, and when (element ↔ warning associations). */
@Injectable()
export class ElementWarningsService {
  private readonly manager: EntityManager;

  public constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly writer: CatalogueWriter,
  ) {
    this.manager = dataSource.manager;
  }

  public async listWarnings(elementId: string): Promise<ElementWarningResponseDto[]> {
    await requireElement(this.manager, elementId);
    const links = await this.manager.find(ElementWarningAssociationEntity, {
      where: { elementId },
      order: { createdAt: 'ASC' },
    });
    const warnings = links.length
      ? await this.manager.find(WarningEntity, {
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
      async ({ manager, auditCreate, touches }) => {
        const element = await requireElement(manager, elementId);
        const warning = await manager.findOne(WarningEntity, { where: { id: body.warning_id } });
        if (!warning) throw notFound('Advertencia', body.warning_id);
        await assertUnique(
          manager,
          ElementWarningAssociationEntity,
          { elementId, warningId: body.warning_id },
          { message: duplicate },
        );
        const saved = await manager.save(
          manager.create(ElementWarningAssociationEntity, {
            elementId,
            warningId: body.warning_id,
            showCondition: body.show_condition,
            thresholdQuantity: threshold,
          }),
        );
        const view = toElementWarningResponse(saved);
        await auditCreate(LINK, saved.id, view);
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
      const element = await requireElement(manager, elementId);
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
    const manager = this.manager;
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
}
