import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AuditLogEntity } from '@app/database';
import { iso, limitOffset } from '../../catalogue/common/catalogue.dto';
import { PagedListResponseDto } from '../../common/http/list-envelope';

export class AuditLogQueryDto extends limitOffset(100) {
  @ApiPropertyOptional({ example: 'tariff_tier' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entity_type?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entity_id?: string;
}

export class AuditLogResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() entity_type: string;
  @ApiProperty({ format: 'uuid' }) entity_id: string;
  @ApiProperty({ enum: ['create', 'update', 'delete'] }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  changes: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) user: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class AuditLogListResponseDto extends PagedListResponseDto(AuditLogResponseDto) {}

export const toAuditLogResponse = (row: AuditLogEntity): AuditLogResponseDto => ({
  id: row.id,
  entity_type: row.entityType,
  entity_id: row.entityId,
  action: row.action,
  changes: row.changes,
  user: row.user,
  created_at: iso(row.createdAt) as string,
});
