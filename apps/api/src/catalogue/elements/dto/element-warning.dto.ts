import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ElementWarningAssociationEntity, WarningEntity } from '@app/database';
import { SHOW_CONDITIONS, ShowCondition } from '@app/domain';
import { iso } from '../../common/catalogue.dto';
import { toWarningResponse, WarningResponseDto } from '../../warnings/dto/warning.dto';
import { IsInt32, IsOptionalNonNull } from '../../../common/validation/decorators';

/** `show_condition` accepts exactly the set the engine evaluates (`SHOW_CONDITIONS`). */
export class CreateElementWarningDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Optional; must equal the path element' })
  @IsOptionalNonNull()
  @IsUUID()
  element_id?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  warning_id: string;

  @ApiProperty({ enum: SHOW_CONDITIONS })
  @IsIn(SHOW_CONDITIONS)
  show_condition: ShowCondition;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: 'Required for on_exceed_max / on_below_min',
  })
  @IsOptional()
  @IsInt32({ min: 1, max: 1000 })
  threshold_quantity?: number | null;
}

export class ElementWarningResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) element_id: string;
  @ApiProperty({ format: 'uuid' }) warning_id: string;
  @ApiProperty({ enum: SHOW_CONDITIONS }) show_condition: string;
  @ApiProperty({ type: Number, nullable: true }) threshold_quantity: number | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiPropertyOptional({ type: WarningResponseDto }) warning?: WarningResponseDto;
}

export class WarningElementDto {
  @ApiProperty({ format: 'uuid' }) element_id: string;
  @ApiProperty() element_code: string;
  @ApiProperty() element_name: string;
  @ApiProperty({ format: 'uuid' }) category_id: string;
  @ApiProperty({ enum: SHOW_CONDITIONS }) show_condition: string;
  @ApiProperty({ type: Number, nullable: true }) threshold_quantity: number | null;
}

export const toElementWarningResponse = (
  link: ElementWarningAssociationEntity,
  warning?: WarningEntity,
): ElementWarningResponseDto => ({
  id: link.id,
  element_id: link.elementId,
  warning_id: link.warningId,
  show_condition: link.showCondition,
  threshold_quantity: link.thresholdQuantity,
  created_at: iso(link.createdAt) as string,
  ...(warning ? { warning: toWarningResponse(warning) } : {}),
});
