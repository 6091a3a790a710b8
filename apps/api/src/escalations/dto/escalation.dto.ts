import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ESCALATION_STATUSES, EscalationEntity, EscalationStatus } from '@app/database';
import { LimitOffsetQueryDto } from '../../common/http/pagination.dto';
import { ListResponseDto } from '../../common/http/list-envelope';

const nullableString = { type: String, nullable: true };
const nullableDate = { type: String, format: 'date-time', nullable: true };

export class ListEscalationsQueryDto extends LimitOffsetQueryDto {
  @ApiPropertyOptional({ enum: ESCALATION_STATUSES })
  @IsOptional()
  @IsIn(ESCALATION_STATUSES)
  status?: EscalationStatus;
}

export class EscalationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Chatwoot conversation id' }) conversation_id: string;
  @ApiProperty({ ...nullableString, format: 'uuid' }) user_id: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({
    example: 'tool_call',
    description: 'tool_call|error|auto_escalation|agent_disabled',
  })
  source: string;
  @ApiProperty({ enum: ESCALATION_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) triggered_at: string;
  @ApiProperty(nullableDate) resolved_at: string | null;
  @ApiProperty(nullableString) resolved_by: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
}

export class EscalationDetailResponseDto extends EscalationResponseDto {
  @ApiProperty(nullableString) user_phone: string | null;
}

export class EscalationListResponseDto extends ListResponseDto(EscalationResponseDto) {}

export class EscalationStatsResponseDto {
  @ApiProperty() pending: number;
  @ApiProperty() in_progress: number;
  @ApiProperty({ description: 'Resolved since midnight in the configured TIMEZONE' })
  resolved_today: number;
  @ApiProperty({ description: 'Triggered since midnight in the configured TIMEZONE' })
  total_today: number;
}

export class EscalationResolveResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ESCALATION_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) resolved_at: string;
  @ApiProperty() resolved_by: string;
  @ApiProperty() message: string;
}

export const toEscalationResponse = (row: EscalationEntity): EscalationResponseDto => ({
  id: row.id,
  conversation_id: row.conversationId,
  user_id: row.userId,
  reason: row.reason,
  source: row.source,
  status: row.status,
  triggered_at: row.triggeredAt.toISOString(),
  resolved_at: row.resolvedAt?.toISOString() ?? null,
  resolved_by: row.resolvedBy,
  metadata: row.metadata ?? {},
});

export const toEscalationDetail = (
  row: EscalationEntity,
  userPhone: string | null,
): EscalationDetailResponseDto => ({ ...toEscalationResponse(row), user_phone: userPhone });
