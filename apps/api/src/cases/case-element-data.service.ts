import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseElementDataEntity, CaseEntity } from '@app/database';
import { invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { CaseErrorCode, invalidElementCode } from './case-errors';
import { UpdateCaseElementDataDto } from './dto/case-query.dto';
import {
  CaseElementDataListResponseDto,
  CaseElementDataResponseDto,
  toCaseElementDataResponse,
} from './dto/case-response.dto';

const ELEMENT_CODE = /^[A-Za-z0-9_-]{1,50}$/;

/** Per-element collection data of a case (photos → data → completed) and staff edits of it. */
@Injectable()
export class CaseElementDataService {
  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  public async list(caseId: string): Promise<CaseElementDataListResponseDto> {
    await this.assertCase(this.dataSource.manager, caseId);
    const rows = await this.dataSource.getRepository(CaseElementDataEntity).find({
      where: { caseId },
      order: { createdAt: 'ASC', elementCode: 'ASC' },
    });
    return {
      case_id: caseId,
      element_count: rows.length,
      elements: rows.map(toCaseElementDataResponse),
    };
  }

  public async get(caseId: string, elementCode: string): Promise<CaseElementDataResponseDto> {
    this.assertCode(elementCode);
    await this.assertCase(this.dataSource.manager, caseId);
    const row = await this.dataSource
      .getRepository(CaseElementDataEntity)
      .findOneBy({ caseId, elementCode });
    if (!row) throw notFound('Datos del elemento', elementCode);
    return toCaseElementDataResponse(row);
  }

  public async update(
    caseId: string,
    elementCode: string,
    body: UpdateCaseElementDataDto,
    actor: AuthenticatedAdmin,
  ): Promise<CaseElementDataResponseDto> {
    this.assertCode(elementCode);
    if (body.status === undefined && body.field_values === undefined) {
      throw invalid(CaseErrorCode.NOTHING_TO_UPDATE, 'Indique status o field_values');
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      await this.assertCase(manager, caseId);
      const row = await manager.findOne(CaseElementDataEntity, {
        where: { caseId, elementCode },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound('Datos del elemento', elementCode);
      const changes: Record<string, unknown> = { case_id: caseId, element_code: elementCode };
      const now = new Date();
      if (body.status !== undefined && body.status !== row.status) {
        changes.status = { old: row.status, new: body.status };
        row.status = body.status;
      }
      // First time a stage is reached (also when an admin jumps straight to completed).
      if (body.status === 'pending_data' || body.status === 'completed') {
        row.photosCompletedAt ??= now;
      }
      if (body.status === 'completed') row.dataCompletedAt ??= now;
      if (body.field_values !== undefined) {
        const before = row.fieldValues ?? {};
        const changed = Object.keys(body.field_values).filter(
          (key) => JSON.stringify(before[key]) !== JSON.stringify(body.field_values?.[key]),
        );
        row.fieldValues = { ...before, ...body.field_values };
        changes.field_values = { changed_keys: changed };
      }
      const result = await manager.save(row);
      await this.audit.record(manager, {
        entityType: 'case_element_data',
        entityId: row.id,
        action: 'update',
        changes,
        user: actor.username,
      });
      return result;
    });
    return toCaseElementDataResponse(saved);
  }

  private assertCode(elementCode: string): void {
    if (!ELEMENT_CODE.test(elementCode)) throw invalidElementCode();
  }

  private async assertCase(manager: EntityManager, caseId: string): Promise<void> {
    if (!(await manager.getRepository(CaseEntity).existsBy({ id: caseId }))) {
      throw notFound('Expediente', caseId);
    }
  }
}
