import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Brackets,
  DataSource,
  EntityManager,
  In,
  QueryFailedError,
  SelectQueryBuilder,
} from 'typeorm';
import { CaseEntity, CaseImageEntity, CustomerEntity, EscalationEntity } from '@app/database';
import {
  ACTIVE_CASE_STATUSES,
  allowedCaseTransitions,
  appendCaseNotes,
  CASE_STATUSES,
  caseNoteLine,
  caseStatusHandover,
  CaseStatus,
  DeliveryStep,
  invalid,
  isCaseStatus,
  notFound,
  staffDisplayName,
  startOfZonedDay,
} from '@app/domain';
import { liveEvent, LiveEventPublisher, LiveEventType } from '@app/streams';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { ApiConfig } from '../config/api.config';
import { HandoverService } from '../handover/handover.service';
import { ImageFilesService } from '../images/image-files.service';
import {
  activeCaseExists,
  CaseErrorCode,
  invalidTransition,
  unknownCaseStatus,
} from './case-errors';
import { ListCasesQueryDto, UpdateCaseStatusDto } from './dto/case-query.dto';
import {
  CaseDetailResponseDto,
  CaseListResponseDto,
  CaseResolveResponseDto,
  CaseStatsResponseDto,
  CaseStatusChangeResponseDto,
  CaseTakeResponseDto,
  toCaseDetail,
  toCaseImageResponse,
  toCaseListItem,
} from './dto/case-response.dto';
import { listEnvelope } from '../common/http/list-envelope';

const AUDIT_ENTITY = 'case';
const UNIQUE_VIOLATION = '23505';

/** ILIKE pattern that matches `text` literally (user input may hold % or _). */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

interface TransitionRequest {
  target: CaseStatus;
  actor: AuthenticatedAdmin;
  /** Free text from staff, appended as its own note line. */
  notes?: string | null;
  /** What the note says happened (system line). */
  event: string;
  /** Extra precondition checked before the transition table (take/resolve rules). */
  precondition?: (current: CaseStatus) => void;
}

/**
 * Case files ("expedientes") for staff. Every status change follows the transition table of
 * libs/domain, appends note lines, writes the audit row and queues its Chatwoot effects in the
 * same transaction:
 * - entering `in_progress` (take): bot off, label `expediente`, private note;
 * - entering `resolved`: bot on, customer told, label removed, private note; open escalations of
 *   the conversation are resolved with it, so nothing keeps the bot silent afterwards;
 * - leaving `in_progress` for anything else: bot on again without a customer message.
 */
@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly handover: HandoverService,
    private readonly files: ImageFilesService,
    private readonly config: ApiConfig,
    private readonly liveEvents: LiveEventPublisher,
  ) {}

  public async stats(now: Date = new Date()): Promise<CaseStatsResponseDto> {
    const since = startOfZonedDay(now, this.config.timeZone);
    const rows = await this.dataSource
      .createQueryBuilder(CaseEntity, 'c')
      .select('c.status', 'status')
      .addSelect('COUNT(*)::int', 'count')
      .groupBy('c.status')
      .getRawMany<{ status: string; count: number }>();
    const byStatus: Record<string, number> = {};
    for (const row of rows) byStatus[row.status] = Number(row.count);
    const today = await this.dataSource
      .createQueryBuilder(CaseEntity, 'c')
      .select('COUNT(*) FILTER (WHERE c.created_at >= :since)::int', 'created')
      .addSelect(
        `COUNT(*) FILTER (WHERE c.status = 'resolved' AND c.resolved_at >= :since)::int`,
        'resolved',
      )
      // Only rows either count can match (indexes on created_at and (status, resolved_at)).
      .where(`c.created_at >= :since OR (c.status = 'resolved' AND c.resolved_at >= :since)`)
      .setParameter('since', since)
      .getRawOne<{ created: number; resolved: number }>();
    return {
      pending_review: byStatus.pending_review ?? 0,
      in_progress: byStatus.in_progress ?? 0,
      collecting: byStatus.collecting ?? 0,
      resolved_today: Number(today?.resolved ?? 0),
      created_today: Number(today?.created ?? 0),
      total_active: ACTIVE_CASE_STATUSES.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0),
      by_status: byStatus,
    };
  }

  public async list(query: ListCasesQueryDto): Promise<CaseListResponseDto> {
    // Filters without joins: the customer fields are searched through an id list (trigram
    // indexes on both sides, one bitmap scan of cases), so the total is a plain COUNT and the
    // page's ids come from an index-only scan; only the page's rows are joined.
    const filtered = (alias: string): SelectQueryBuilder<CaseEntity> => {
      const where = this.dataSource.createQueryBuilder(CaseEntity, alias);
      if (query.status) where.andWhere(`${alias}.status = :status`, { status: query.status });
      if (query.user_id) where.andWhere(`${alias}.user_id = :userId`, { userId: query.user_id });
      const search = query.search?.trim();
      if (search) {
        const customers = where
          .subQuery()
          .select('su.id')
          .from(CustomerEntity, 'su')
          .where('su.first_name ILIKE :pattern')
          .orWhere('su.last_name ILIKE :pattern')
          .orWhere('su.email ILIKE :pattern')
          .getQuery();
        where.andWhere(
          new Brackets((match) =>
            match
              .where(`${alias}.user_id = ANY(ARRAY${customers})`)
              .orWhere(`${alias}.vehiculo_matricula ILIKE :pattern`),
          ),
          { pattern: containsPattern(search) },
        );
      }
      return where;
    };
    const page = filtered('p')
      .select('p.id')
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'ASC')
      .offset(query.offset)
      .limit(query.limit);
    const [cases, total] = await Promise.all([
      this.dataSource
        .createQueryBuilder(CaseEntity, 'c')
        .leftJoinAndSelect('c.user', 'u')
        .leftJoinAndSelect('c.category', 'cat')
        .where(`c.id IN (${page.getQuery()})`)
        .setParameters(page.getParameters())
        .orderBy('c.createdAt', 'DESC')
        .addOrderBy('c.id', 'ASC')
        .getMany(),
      filtered('c').getCount(),
    ]);
    const counts = await this.imageCounts(cases.map((item) => item.id));
    return listEnvelope(cases, total, query, (item) =>
      toCaseListItem(
        item,
        { user: item.user ?? null, category: item.category ?? null },
        counts.get(item.id) ?? 0,
      ),
    );
  }

  public async get(id: string): Promise<CaseDetailResponseDto> {
    const entity = await this.dataSource
      .createQueryBuilder(CaseEntity, 'c')
      .leftJoinAndSelect('c.user', 'u')
      .leftJoinAndSelect('c.category', 'cat')
      .leftJoinAndSelect('c.escalation', 'e')
      .where('c.id = :id', { id })
      .getOne();
    if (!entity) throw notFound('Expediente', id);
    const images = await this.dataSource.getRepository(CaseImageEntity).find({
      where: { caseId: id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return toCaseDetail(
      entity,
      {
        user: entity.user ?? null,
        category: entity.category ?? null,
        escalation: entity.escalation ?? null,
      },
      images.map((image) =>
        toCaseImageResponse(image, this.files.signCaseImagePath(image.storedFilename)),
      ),
    );
  }

  public async changeStatus(
    id: string,
    body: UpdateCaseStatusDto,
    actor: AuthenticatedAdmin,
  ): Promise<CaseStatusChangeResponseDto> {
    if (!isCaseStatus(body.status)) throw unknownCaseStatus(body.status, CASE_STATUSES);
    const target = body.status;
    const entity = await this.transition(id, {
      target,
      actor,
      notes: body.notes,
      event: `Estado cambiado a ${target}`,
    });
    return {
      id: entity.id,
      status: entity.status,
      updated_at: entity.updatedAt.toISOString(),
      resolved_at: entity.resolvedAt?.toISOString() ?? null,
      resolved_by: entity.resolvedBy,
      message: `Estado del expediente actualizado a ${target}`,
    };
  }

  public async take(id: string, actor: AuthenticatedAdmin): Promise<CaseTakeResponseDto> {
    const entity = await this.transition(id, {
      target: 'in_progress',
      actor,
      event: `Expediente tomado por ${staffDisplayName(actor)}`,
      precondition: (current) => {
        if (current !== 'pending_review') {
          throw invalid(
            CaseErrorCode.NOT_PENDING_REVIEW,
            `No se puede tomar un expediente en estado "${current}": debe estar en "pending_review"`,
            { current_status: current, allowed_from: ['pending_review'] },
          );
        }
      },
    });
    return { id: entity.id, status: entity.status, message: 'Expediente tomado' };
  }

  public async resolve(id: string, actor: AuthenticatedAdmin): Promise<CaseResolveResponseDto> {
    const entity = await this.transition(id, {
      target: 'resolved',
      actor,
      event: `Expediente resuelto por ${staffDisplayName(actor)}`,
      precondition: (current) => {
        if (current === 'resolved') {
          throw invalid(CaseErrorCode.ALREADY_RESOLVED, 'El expediente ya está resuelto', {
            current_status: current,
          });
        }
      },
    });
    return {
      id: entity.id,
      status: entity.status,
      resolved_at: (entity.resolvedAt ?? entity.updatedAt).toISOString(),
      resolved_by: entity.resolvedBy ?? staffDisplayName(actor),
      message: 'Expediente resuelto',
    };
  }

  // --- transitions ---------------------------------------------------------------------

  private async transition(id: string, request: TransitionRequest): Promise<CaseEntity> {
    const { target, actor } = request;
    const actorName = staffDisplayName(actor);
    let saved: CaseEntity;
    let queuedSteps: DeliveryStep[] | null = null;
    try {
      saved = await this.dataSource.transaction(async (manager) => {
        const entity = await manager.findOne(CaseEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!entity) throw notFound('Expediente', id);
        const from = entity.status;
        request.precondition?.(from);
        const allowed = allowedCaseTransitions(from);
        if (!allowed.includes(target)) throw invalidTransition(from, target, allowed);

        const now = new Date();
        const lines = [caseNoteLine(now, this.config.timeZone, actorName, request.event)];
        const staffNote = request.notes?.trim();
        if (staffNote) lines.push(caseNoteLine(now, this.config.timeZone, actorName, staffNote));
        entity.status = target;
        entity.notes = appendCaseNotes(entity.notes, lines);
        if (target === 'resolved') {
          entity.resolvedAt = now;
          entity.resolvedBy = actorName.slice(0, 100);
        } else if (from === 'resolved') {
          // Reopened: the previous resolution stays in the notes only.
          entity.resolvedAt = null;
          entity.resolvedBy = null;
        }
        const result = await manager.save(entity);

        const cascaded =
          target === 'resolved' ? await this.resolveOpenEscalations(manager, result, actor) : 0;
        if (target === 'pending_review') {
          await this.liveEvents.stage(manager, entity.conversationId, [
            liveEvent(LiveEventType.CASE_PENDING_REVIEW, {
              case_id: entity.id,
              conversation_id: entity.conversationId,
            }),
          ]);
        }
        const steps = caseStatusHandover({
          from,
          to: target,
          actorName,
          escalationsResolved: cascaded > 0,
        });
        if (steps) {
          await this.handover.queue(manager, entity.conversationId, steps.reason, steps.steps);
          queuedSteps = steps.steps;
        }

        await this.audit.record(manager, {
          entityType: AUDIT_ENTITY,
          entityId: entity.id,
          action: 'update',
          changes: {
            status: { old: from, new: target },
            ...(staffNote ? { notes: { changed: true, length: staffNote.length } } : {}),
            ...(cascaded > 0 ? { escalations_resolved: cascaded } : {}),
          },
          user: actor.username,
        });
        return result;
      });
    } catch (error) {
      if (this.isUniqueViolation(error)) {
        const current = await this.dataSource.getRepository(CaseEntity).findOneBy({ id });
        throw activeCaseExists(current?.conversationId ?? '');
      }
      throw error;
    }
    this.logger.log({
      msg: 'case status changed',
      case_id: saved.id,
      status: saved.status,
      by: actor.username,
    });
    await this.handover.publish(saved.conversationId, queuedSteps);
    return saved;
  }

  /**
   * Resolving a case hands the conversation back to the bot, so open escalations of the same
   * conversation are resolved with it (else they would contradict the bot's state).
   */
  private async resolveOpenEscalations(
    manager: EntityManager,
    entity: CaseEntity,
    actor: AuthenticatedAdmin,
  ): Promise<number> {
    const open = await manager.find(EscalationEntity, {
      where: { conversationId: entity.conversationId, status: In(['pending', 'in_progress']) },
      lock: { mode: 'pessimistic_write' },
    });
    for (const escalation of open) {
      const resolvedBy = staffDisplayName(actor).slice(0, 100);
      await manager.update(EscalationEntity, escalation.id, {
        status: 'resolved',
        resolvedAt: new Date(),
        resolvedBy,
        metadata: { ...escalation.metadata, auto_resolved_via_case: entity.id },
      });
      await this.audit.record(manager, {
        entityType: 'escalation',
        entityId: escalation.id,
        action: 'update',
        changes: { status: { old: escalation.status, new: 'resolved' }, via_case: entity.id },
        user: actor.username,
      });
    }
    await this.liveEvents.stage(
      manager,
      entity.conversationId,
      open.map((escalation) =>
        liveEvent(LiveEventType.ESCALATION_RESOLVED, {
          escalation_id: escalation.id,
          conversation_id: entity.conversationId,
          case_id: entity.id,
        }),
      ),
    );
    return open.length;
  }

  private async imageCounts(caseIds: string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.dataSource
      .createQueryBuilder(CaseImageEntity, 'i')
      .select('i.case_id', 'caseId')
      .addSelect('COUNT(*)::int', 'count')
      .where('i.case_id IN (:...caseIds)', { caseIds })
      .groupBy('i.case_id')
      .getRawMany<{ caseId: string; count: number }>();
    return new Map(rows.map((row) => [row.caseId, Number(row.count)]));
  }

  private isUniqueViolation(error: unknown): boolean {
    if (!(error instanceof QueryFailedError)) return false;
    const driverError: unknown = error.driverError;
    return (driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION;
  }
}
