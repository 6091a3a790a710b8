import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, Repository } from 'typeorm';
import { ResponseConstraintsReader } from '@app/ai-observability';
import { ResponseConstraintEntity, VehicleCategoryEntity } from '@app/database';
import { DomainError, isValidRegex, notFound, regexBacktrackingRisk } from '@app/domain';
import { auditDiff, AuditService } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/current-admin.decorator';
import {
  CreateResponseConstraintDto,
  ResponseConstraintListQueryDto,
  ResponseConstraintResponseDto,
  toResponseConstraintResponse,
  UpdateResponseConstraintDto,
} from './dto/response-constraint.dto';

const ENTITY = 'response_constraint';
/** Far more rules than anyone writes; bounds the answer. */
const LIST_LIMIT = 500;

export const ResponseConstraintErrorCode = {
  INVALID_PATTERN: 'RESPONSE_CONSTRAINT_INVALID_PATTERN',
  UNSAFE_PATTERN: 'RESPONSE_CONSTRAINT_UNSAFE_PATTERN',
  UNKNOWN_CATEGORY: 'RESPONSE_CONSTRAINT_UNKNOWN_CATEGORY',
} as const;

/** A detection pattern must compile and must not risk catastrophic backtracking (422 otherwise). */
export function assertUsablePattern(pattern: string): void {
  if (!isValidRegex(pattern)) {
    throw new DomainError(
      'unprocessable',
      ResponseConstraintErrorCode.INVALID_PATTERN,
      'detection_pattern no es una expresión regular válida',
      { field: 'detection_pattern' },
    );
  }
  const risk = regexBacktrackingRisk(pattern);
  if (risk) {
    throw new DomainError(
      'unprocessable',
      ResponseConstraintErrorCode.UNSAFE_PATTERN,
      `detection_pattern puede bloquear el proceso (backtracking catastrófico): ${risk}`,
      { field: 'detection_pattern', reason: risk },
      'Evita cuantificadores anidados como (a+)+ y alternativas solapadas repetidas como (a|aa)*',
    );
  }
}

/**
 * CRUD of response constraints. Each write commits with its audit row, then invalidates the
 * rule cache of every process (api and workers) through ResponseConstraintsReader.
 */
@Injectable()
export class ResponseConstraintsService {
  public constructor(
    @InjectRepository(ResponseConstraintEntity)
    private readonly constraints: Repository<ResponseConstraintEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reader: ResponseConstraintsReader,
  ) {}

  public async list(
    query: ResponseConstraintListQueryDto,
  ): Promise<ResponseConstraintResponseDto[]> {
    const where: FindOptionsWhere<ResponseConstraintEntity> = {};
    if (query.category_id) where.categoryId = query.category_id;
    if (query.is_active !== undefined) where.isActive = query.is_active;
    const rows = await this.constraints.find({
      where,
      relations: { category: true },
      order: { priority: 'DESC', createdAt: 'ASC', id: 'ASC' },
      take: LIST_LIMIT,
    });
    return rows.map(toResponseConstraintResponse);
  }

  public async create(
    body: CreateResponseConstraintDto,
    actor: AuthenticatedAdmin,
  ): Promise<ResponseConstraintResponseDto> {
    assertUsablePattern(body.detection_pattern);
    const view = await this.dataSource.transaction(async (manager) => {
      const categoryId = body.category_id ?? null;
      await this.assertCategory(manager, categoryId);
      const saved = await manager.save(
        manager.create(ResponseConstraintEntity, {
          categoryId,
          constraintType: body.constraint_type,
          detectionPattern: body.detection_pattern,
          requiredTool: body.required_tool,
          errorInjection: body.error_injection,
          isActive: body.is_active ?? true,
          priority: body.priority ?? 0,
        }),
      );
      const created = await this.load(manager, saved.id);
      const out = toResponseConstraintResponse(created);
      await this.audit.record(manager, {
        entityType: ENTITY,
        entityId: saved.id,
        action: 'create',
        changes: { ...out },
        user: actor.username,
      });
      return out;
    });
    await this.reader.invalidate();
    return view;
  }

  public async update(
    id: string,
    body: UpdateResponseConstraintDto,
    actor: AuthenticatedAdmin,
  ): Promise<ResponseConstraintResponseDto> {
    if (body.detection_pattern !== undefined) assertUsablePattern(body.detection_pattern);
    const view = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(ResponseConstraintEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound('Restricción de respuesta', id);
      if (body.category_id !== undefined) await this.assertCategory(manager, body.category_id);
      const before = toResponseConstraintResponse(await this.load(manager, id));
      manager.merge(ResponseConstraintEntity, row, {
        categoryId: body.category_id,
        constraintType: body.constraint_type,
        detectionPattern: body.detection_pattern,
        requiredTool: body.required_tool,
        errorInjection: body.error_injection,
        isActive: body.is_active,
        priority: body.priority,
      });
      await manager.save(row);
      const after = toResponseConstraintResponse(await this.load(manager, id));
      const { updated_at: _before, ...beforeFields } = before;
      const { updated_at: _after, ...afterFields } = after;
      const changes = auditDiff(beforeFields, afterFields);
      if (Object.keys(changes).length > 0) {
        await this.audit.record(manager, {
          entityType: ENTITY,
          entityId: id,
          action: 'update',
          changes,
          user: actor.username,
        });
      }
      return after;
    });
    await this.reader.invalidate();
    return view;
  }

  public async remove(id: string, actor: AuthenticatedAdmin): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(ResponseConstraintEntity, { where: { id } });
      if (!row) throw notFound('Restricción de respuesta', id);
      await manager.delete(ResponseConstraintEntity, id);
      await this.audit.record(manager, {
        entityType: ENTITY,
        entityId: id,
        action: 'delete',
        changes: {
          constraint_type: row.constraintType,
          category_id: row.categoryId,
          detection_pattern: row.detectionPattern,
        },
        user: actor.username,
      });
    });
    await this.reader.invalidate();
  }

  private async assertCategory(manager: EntityManager, categoryId: string | null): Promise<void> {
    if (categoryId === null) return;
    if (!(await manager.existsBy(VehicleCategoryEntity, { id: categoryId }))) {
      throw new DomainError(
        'unprocessable',
        ResponseConstraintErrorCode.UNKNOWN_CATEGORY,
        'La categoría indicada no existe',
        { field: 'category_id', id: categoryId },
      );
    }
  }

  private async load(manager: EntityManager, id: string): Promise<ResponseConstraintEntity> {
    return manager.findOneOrFail(ResponseConstraintEntity, {
      where: { id },
      relations: { category: true },
    });
  }
}
