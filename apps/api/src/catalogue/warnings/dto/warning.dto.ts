import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { WarningEntity } from '@app/database';
import { WARNING_SEVERITIES, WarningSeverity } from '@app/domain';
import { iso, limitOffset } from '../../common/catalogue.dto';
import { IsOptionalNonNull, PartialInput } from '../../../common/validation/decorators';
import { ListResponseDto } from '../../../common/http/list-envelope';

export class WarningListQueryDto extends limitOffset(500, 100) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Warnings scoped to this category' })
  @IsOptional()
  @IsUUID()
  category_id?: string;
}

/**
 * Scope fields are settable: at most one of category_id / tier_id / element_id; none = global.
 */
export class CreateWarningDto {
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  code: string;

  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  message: string;

  @ApiPropertyOptional({ enum: WARNING_SEVERITIES, default: 'warning' })
  @IsOptionalNonNull()
  @IsIn(WARNING_SEVERITIES)
  severity?: WarningSeverity;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      '{element_keywords?: string[], show_with_elements?: string[], always_show?: boolean}',
  })
  @IsOptional()
  @IsObject()
  trigger_conditions?: Record<string, unknown> | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  category_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  tier_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  element_id?: string | null;
}

export class UpdateWarningDto extends PartialInput(CreateWarningDto) {}

export class WarningResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: WARNING_SEVERITIES }) severity: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  trigger_conditions: Record<string, unknown> | null;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ type: String, nullable: true }) category_id: string | null;
  @ApiProperty({ type: String, nullable: true }) tier_id: string | null;
  @ApiProperty({ type: String, nullable: true }) element_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class WarningListResponseDto extends ListResponseDto(WarningResponseDto) {}

export const toWarningResponse = (warning: WarningEntity): WarningResponseDto => ({
  id: warning.id,
  code: warning.code,
  message: warning.message,
  severity: warning.severity,
  trigger_conditions: warning.triggerConditions,
  is_active: warning.isActive,
  category_id: warning.categoryId,
  tier_id: warning.tierId,
  element_id: warning.elementId,
  created_at: iso(warning.createdAt) as string,
  updated_at: iso(warning.updatedAt) as string,
});
