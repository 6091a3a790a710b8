import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { AdminAccessLogEntity } from '@app/database';
import { ACCESS_LOG_ACTIONS, AccessLogAction } from '../access-log.actions';
import { LimitOffsetQueryDto } from '../../common/http/pagination.dto';
import { PagedListResponseDto } from '../../common/http/list-envelope';

export class ListAccessLogQueryDto extends LimitOffsetQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries of this staff member' })
  @IsOptional()
  @IsUUID()
  user_id?: string;

  @ApiPropertyOptional({ enum: ACCESS_LOG_ACTIONS })
  @IsOptional()
  @IsIn(ACCESS_LOG_ACTIONS)
  action?: AccessLogAction;
}

export class AccessLogEntryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null = unknown user' })
  user_id: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Username as typed at login' })
  username: string | null;

  @ApiProperty({ enum: ACCESS_LOG_ACTIONS })
  action: string;

  @ApiProperty({ type: String, nullable: true })
  ip_address: string | null;

  @ApiProperty({ type: String, nullable: true })
  user_agent: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { reason: 'invalid_password' },
  })
  details: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class AccessLogListResponseDto extends PagedListResponseDto(AccessLogEntryResponseDto) {}

export const toAccessLogEntryResponse = (
  entry: AdminAccessLogEntity,
): AccessLogEntryResponseDto => ({
  id: entry.id,
  user_id: entry.userId,
  username: entry.username,
  action: entry.action,
  ip_address: entry.ipAddress,
  user_agent: entry.userAgent,
  details: entry.details,
  created_at: entry.createdAt.toISOString(),
});
