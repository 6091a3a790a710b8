import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';

import {
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { TariffTierEntity } from '@app/database';
import { iso, limitOffset, money } from '../../common/catalogue.dto';
import {
  IsInt32,
  IsMoney,
  MONEY_MAX,
  IsOptionalNonNull,
  PartialInput,
} from '../../../common/validation/decorators';
import { ListResponseDto } from '../../../common/http/list-envelope';

export class TierListQueryDto extends limitOffset(200) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  category_id?: string;

  @ApiPropertyOptional({ description: 'Matches code or name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class CreateTierDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  category_id: string;

  @ApiProperty({ maxLength: 20, example: 'T6' })
  @IsString()
  @Length(1, 20)
  code: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiProperty({ minimum: 0, maximum: MONEY_MAX, example: 140, description: 'EUR without VAT' })
  @IsMoney()
  price: number;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  conditions?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      '{applies_if_any: string[], priority: number, requires_project: boolean, notes?, ' +
      'outside_tier_limits?: [{tier_code, max_elements}]}',
  })
  @IsOptional()
  @IsObject()
  classification_rules?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @IsOptional()
  @IsInt32({ min: 0 })
  min_elements?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @IsOptional()
  @IsInt32({ min: 0 })
  max_elements?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: 0 })
  @IsOptionalNonNull()
  @IsInt32()
  sort_order?: number;
}

export class UpdateTierDto extends PartialInput(
  OmitType(CreateTierDto, ['category_id'] as const),
) {}

export class TierResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) category_id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ description: 'EUR without VAT' }) price: number;
  @ApiProperty({ type: String, nullable: true }) conditions: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  classification_rules: Record<string, unknown> | null;
  @ApiProperty({ type: Number, nullable: true }) min_elements: number | null;
  @ApiProperty({ type: Number, nullable: true }) max_elements: number | null;
  @ApiProperty() is_active: boolean;
  @ApiProperty() sort_order: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class TierListResponseDto extends ListResponseDto(TierResponseDto) {}

export const toTierResponse = (tier: TariffTierEntity): TierResponseDto => ({
  id: tier.id,
  category_id: tier.categoryId,
  code: tier.code,
  name: tier.name,
  description: tier.description,
  price: money(tier.price),
  conditions: tier.conditions,
  classification_rules: tier.classificationRules,
  min_elements: tier.minElements,
  max_elements: tier.maxElements,
  is_active: tier.isActive,
  sort_order: tier.sortOrder,
  created_at: iso(tier.createdAt) as string,
  updated_at: iso(tier.updatedAt) as string,
});
