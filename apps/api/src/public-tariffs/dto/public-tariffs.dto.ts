import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CLIENT_TYPES, ClientType } from '@app/domain';
import { IsInt32, IsOptionalNonNull } from '../../common/validation/decorators';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class PublicCategoriesQueryDto {
  @ApiPropertyOptional({ enum: CLIENT_TYPES })
  @IsOptional()
  @IsIn(CLIENT_TYPES)
  client_type?: ClientType;
}

export class PublicWarningsQueryDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Customer text; omitted = every warning' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  elements_description?: string;
}

export class SelectTierDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'escape y manillar' })
  @IsString()
  @Length(1, 2000)
  elements_description: string;

  @ApiProperty({ minimum: 1, description: 'Reported back; the engine counts what it recognises' })
  @Type(() => Number)
  @IsInt32({ min: 1, max: 100 })
  element_count: number;

  @ApiPropertyOptional({ enum: CLIENT_TYPES, description: 'When set, must match the category' })
  @IsOptionalNonNull()
  @IsIn(CLIENT_TYPES)
  client_type?: ClientType;
}

export class PublicCategoryDto {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) icon: string | null;
  @ApiProperty({ enum: CLIENT_TYPES }) client_type: string;
}

export class PublicCategoryWithIdDto extends PublicCategoryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class PublicCategoriesResponseDto {
  @ApiProperty({ type: [PublicCategoryDto] }) categories: PublicCategoryDto[];
}

export class PublicTierDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ description: 'EUR without VAT' }) price: number;
  @ApiProperty({ type: String, nullable: true }) conditions: string | null;
  @ApiProperty({ ...OBJECT, nullable: true }) classification_rules: Record<string, unknown> | null;
  @ApiProperty({ type: Number, nullable: true }) min_elements: number | null;
  @ApiProperty({ type: Number, nullable: true }) max_elements: number | null;
  @ApiProperty() sort_order: number;
}

export class PublicWarningDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: ['info', 'warning', 'error'] }) severity: string;
}

export class PublicBaseDocDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty() sort_order: number;
}

export class PublicServiceDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() price: number;
  @ApiProperty({ enum: ['category', 'global'] }) scope: string;
}

export class PublicCategoryBundleDto {
  @ApiProperty({ type: PublicCategoryWithIdDto }) category: PublicCategoryWithIdDto;
  @ApiProperty({ type: [PublicTierDto] }) tiers: PublicTierDto[];
  @ApiProperty({ type: [PublicWarningDto], description: 'Active global and category warnings' })
  warnings: PublicWarningDto[];
  @ApiProperty({ type: [PublicBaseDocDto] }) base_documentation: PublicBaseDocDto[];
  @ApiProperty({ type: [PublicServiceDto] }) additional_services: PublicServiceDto[];
}

export class PublicTiersResponseDto {
  @ApiProperty({ type: PublicCategoryWithIdDto }) category: PublicCategoryWithIdDto;
  @ApiProperty({ enum: CLIENT_TYPES }) client_type: string;
  @ApiProperty({ type: [PublicTierDto] }) tiers: PublicTierDto[];
}

export class SelectTierResponseDto {
  @ApiProperty({ example: 'T6', description: '`UNKNOWN` when no tier can price it' })
  tier_code: string;
  @ApiProperty({ example: 'Sin Proyecto - 1 Elemento', description: '`Consultar` when unknown' })
  tier_name: string;
  @ApiProperty({ description: 'EUR without VAT; 0 when unknown' }) price: number;
  @ApiProperty({ type: String, nullable: true }) conditions: string | null;
  @ApiProperty({ description: 'Elements the engine recognised (quantities count)' })
  element_count: number;
  @ApiProperty() requested_element_count: number;
  @ApiProperty({ type: [String], description: 'Rule keywords that matched' })
  matched_rules: string[];
  @ApiProperty({ type: 'array', items: OBJECT }) elements: Record<string, unknown>[];
  @ApiProperty({ type: [String] }) unmatched_terms: string[];
  @ApiProperty({ type: [PublicWarningDto] }) warnings: PublicWarningDto[];
  @ApiProperty({ type: [PublicServiceDto] }) additional_services: PublicServiceDto[];
  @ApiProperty() requires_project: boolean;
}

export class PublicImageDto {
  @ApiProperty() element_code: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() type: string;
}

export class PublicDocumentationResponseDto {
  @ApiProperty({ type: PublicCategoryWithIdDto }) category: PublicCategoryWithIdDto;
  @ApiProperty({ type: [PublicBaseDocDto] }) base_documentation: PublicBaseDocDto[];
  @ApiProperty({ type: [PublicImageDto], description: 'Active example images of every element' })
  all_images: PublicImageDto[];
}

export class PublicWarningsResponseDto {
  @ApiProperty() category: string;
  @ApiProperty({ type: [PublicWarningDto] }) warnings: PublicWarningDto[];
}
