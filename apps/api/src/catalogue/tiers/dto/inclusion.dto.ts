import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TierElementInclusionEntity } from '@app/database';
import { iso } from '../../common/catalogue.dto';
import { IsInt32, IsOptionalNonNull } from '../../../common/validation/decorators';

/**
 * The SPA sends `tier_id` in the body too: it is accepted, must match the path, and is used
 * once (the path's).
 */
export class InclusionInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Optional; must equal the path tier' })
  @IsOptionalNonNull()
  @IsUUID()
  tier_id?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  element_id?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  included_tier_id?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @IsOptional()
  @IsInt32({ min: 0, max: 1000 })
  min_quantity?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: '≥ min_quantity' })
  @IsOptional()
  @IsInt32({ min: 0, max: 1000 })
  max_quantity?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class UpdateInclusionDto extends InclusionInputDto {}

export class BatchInclusionsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Optional; must equal the path tier' })
  @IsOptionalNonNull()
  @IsUUID()
  tier_id?: string;

  @ApiProperty({ type: [InclusionInputDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => InclusionInputDto)
  inclusions: InclusionInputDto[];
}

export class InclusionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tier_id: string;
  @ApiProperty({ type: String, nullable: true }) element_id: string | null;
  @ApiProperty({ type: String, nullable: true }) included_tier_id: string | null;
  @ApiProperty({ type: Number, nullable: true }) min_quantity: number | null;
  @ApiProperty({ type: Number, nullable: true }) max_quantity: number | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class BatchInclusionsResponseDto {
  @ApiProperty({ format: 'uuid' }) tier_id: string;
  @ApiProperty() created_count: number;
  @ApiProperty({ type: [InclusionResponseDto] }) inclusions: InclusionResponseDto[];
}

export class ResolvedElementsResponseDto {
  @ApiProperty({ format: 'uuid' }) tier_id: string;
  @ApiProperty() tier_code: string;
  @ApiProperty() tier_name: string;
  @ApiProperty() total_elements: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    description: 'element_id → max quantity (null = unlimited)',
  })
  elements: Record<string, number | null>;
}

export const toInclusionResponse = (row: TierElementInclusionEntity): InclusionResponseDto => ({
  id: row.id,
  tier_id: row.tierId,
  element_id: row.elementId,
  included_tier_id: row.includedTierId,
  min_quantity: row.minQuantity,
  max_quantity: row.maxQuantity,
  notes: row.notes,
  created_at: iso(row.createdAt) as string,
});
