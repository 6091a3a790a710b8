import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EscalationEntity } from '@app/database';
import {
  BotMessages,
  botResumeSteps,
  ConversationLabel,
  invalid,
  notFound,
  staffDisplayName,
  startOfZonedDay,
} from '@app/domain';
import { liveEvent, LiveEventPublisher, LiveEventType } from '@app/streams';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { ApiConfig } from '../config/api.config';
import { HandoverService } from '../handover/handover.service';
import {
  EscalationDetailResponseDto,
  EscalationListResponseDto,
  EscalationResolveResponseDto,
  EscalationStatsResponseDto,
  ListEscalationsQueryDto,
  toEscalationDetail,
  toEscalationResponse,
} from './dto/escalation.dto';
import { listEnvelope } from '../common/http/list-envelope';

export const EscalationErrorCode = {
  ALREADY_RESOLVED: 'ESCALATION_ALREADY_RESOLVED',
} as const;

/**
 * Hand-overs to humans. Resolving one ends the conversation's escalation state where it lives:
 * the row leaves the open set (the partial unique index of open escalations, which is what the
 * panic-button flow checks), and Chatwoot's
 * `atencion_automatica` goes back to true (what the webhook checks), through the durable
 * outgoing stream together with the customer notice, the label removal and a private note.
 * Nothing else remembers the escalation, so the customer's next message is handled normally.
 */
@Injectable()
export class EscalationsService {
  private readonly logger = new Logger(EscalationsService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly handover: HandoverService,
    private readonly config: ApiConfig,
    private readonly liveEvents: LiveEventPublisher,
  ) {}

  public async list(query: ListEscalationsQueryDto): Promise<EscalationListResponseDto> {
    const [rows, total] = await this.dataSource.getRepository(EscalationEntity).findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { triggeredAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return listEnvelope(rows, total, query, toEscalationResponse);
  }

  public async stats(now: Date = new Date()): Promise<EscalationStatsResponseDto> {
    const since = startOfZonedDay(now, this.config.timeZone);
    const row = await this.dataSource
      .createQueryBuilder(EscalationEntity, 'e')
      .select(`COUNT(*) FILTER (WHERE e.status = 'pending')::int`, 'pending')
      .addSelect(`COUNT(*) FILTER (WHERE e.status = 'in_progress')::int`, 'in_progress')
      .addSelect(
        `COUNT(*) FILTER (WHERE e.status = 'resolved' AND e.resolved_at >= :since)::int`,
        'resolved_today',
      )
      .addSelect('COUNT(*) FILTER (WHERE e.triggered_at >= :since)::int', 'total_today')
      .setParameter('since', since)
      .getRawOne<Record<keyof EscalationStatsResponseDto, number>>();
    return {
      pending: Number(row?.pending ?? 0),
      in_progress: Number(row?.in_progress ?? 0),
      resolved_today: Number(row?.resolved_today ?? 0),
      total_today: Number(row?.total_today ?? 0),
    };
  }

  public async get(id: string): Promise<EscalationDetailResponseDto> {
    const row = await this.dataSource
      .createQueryBuilder(EscalationEntity, 'e')
      .leftJoinAndSelect('e.user', 'u')
      .where('e.id = :id', { id })
      .getOne();
    if (!row) throw notFound('Escalación', id);
    const fromMetadata = row.metadata?.user_phone;
    return toEscalationDetail(
      row,
      row.user?.phone ?? (typeof fromMetadata === 'string' ? fromMetadata : null),
    );
  }

  public async resolve(
    id: string,
    actor: AuthenticatedAdmin,
  ): Promise<EscalationResolveResponseDto> {
    const resolvedBy = staffDisplayName(actor).slice(0, 100);
    const resumeSteps = botResumeSteps({
      customerMessage: BotMessages.ESCALATION_RESOLVED,
      removeLabels: [ConversationLabel.ESCALATED],
      privateNote:
        `ESCALACIÓN RESUELTA\n---\nResuelta por: ${resolvedBy}\n` +
        'El bot ha sido reactivado para esta conversación.',
    });
    const resolved = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(EscalationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound('Escalación', id);
      if (row.status === 'resolved') {
        throw invalid(EscalationErrorCode.ALREADY_RESOLVED, 'La escalación ya está resuelta', {
          resolved_at: row.resolvedAt?.toISOString() ?? null,
          resolved_by: row.resolvedBy,
        });
      }
      const previous = row.status;
      row.status = 'resolved';
      row.resolvedAt = new Date();
      row.resolvedBy = resolvedBy;
      const saved = await manager.save(row);
      await this.handover.queue(manager, row.conversationId, 'escalation_resolved', resumeSteps);
      await this.liveEvents.stage(manager, row.conversationId, [
        liveEvent(LiveEventType.ESCALATION_RESOLVED, {
          escalation_id: row.id,
          conversation_id: row.conversationId,
        }),
      ]);
      await this.audit.record(manager, {
        entityType: 'escalation',
        entityId: row.id,
        action: 'update',
        changes: { status: { old: previous, new: 'resolved' }, resolved_by: resolvedBy },
        user: actor.username,
      });
      return saved;
    });
    this.logger.log({ msg: 'escalation resolved', escalation_id: id, by: actor.username });
    await this.handover.publish(resolved.conversationId, resumeSteps);
    return {
      id: resolved.id,
      status: resolved.status,
      resolved_at: (resolved.resolvedAt ?? new Date()).toISOString(),
      resolved_by: resolvedBy,
      message: 'Escalación resuelta; el asistente vuelve a atender la conversación',
    };
  }
}
