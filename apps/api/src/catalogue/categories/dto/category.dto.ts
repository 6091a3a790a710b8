import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { VehicleCategoryEntity } from '@app/database';
import { CLIENT_TYPES, ClientType } from '@app/domain';
import { iso, limitOffset, toQueryBoolean } from '../../common/catalogue.dto';
import { BaseDocResponseDto } from '../../base-docs/dto/base-doc.dto';
import { PromptSectionResponseDto } from '../../prompt-sections/dto/prompt-section.dto';
import { ServiceResponseDto } from '../../services/dto/service.dto';
import { TierResponseDto } from '../../tiers/dto/tier.dto';
import { IsInt32, IsOptionalNonNull, PartialInput } from '../../../common/validation/decorators';
import { ListResponseDto } from '../../../common/http/list-envelope';

export class CategoryListQueryDto extends limitOffset(100) {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  include_inactive: boolean = false;

  @ApiPropertyOptional({ enum: CLIENT_TYPES })
  @IsOptional()
  @IsIn(CLIENT_TYPES)
  client_type?: ClientType;
}

export class CreateCategoryDto {
  @ApiProperty({ maxLength: 50, example: 'motos-part' })
  @IsString()
  @Length(1, 50)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug: minúsculas, dígitos y guiones' })
  slug: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50, description: 'Lucide icon' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  icon?: string | null;

  @ApiProperty({ enum: CLIENT_TYPES })
  @IsIn(CLIENT_TYPES)
  client_type: ClientType;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: 0 })
  @IsOptionalNonNull()
  @IsInt32()
  sort_order?: number;
}

export class UpdateCategoryDto extends PartialInput(CreateCategoryDto) {}

export class CategoryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) icon: string | null;
  @ApiProperty({ enum: CLIENT_TYPES }) client_type: ClientType;
  @ApiProperty() is_active: boolean;
  @ApiProperty() sort_order: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class CategoryDetailResponseDto extends CategoryResponseDto {
  @ApiProperty({ type: [TierResponseDto] }) tariff_tiers: TierResponseDto[];
  @ApiProperty({ type: [BaseDocResponseDto] }) base_documentation: BaseDocResponseDto[];
  @ApiProperty({ type: [ServiceResponseDto], description: 'Category services plus global ones' })
  additional_services: ServiceResponseDto[];
  @ApiProperty({ type: [PromptSectionResponseDto] }) prompt_sections: PromptSectionResponseDto[];
}

export class CategoryListResponseDto extends ListResponseDto(CategoryResponseDto) {}

export class PromptPreviewResponseDto {
  @ApiProperty({ format: 'uuid' }) category_id: string;
  @ApiProperty() category_slug: string;
  @ApiProperty({ description: 'Rendered calculator prompt (markdown)' }) prompt: string;
  @ApiProperty() length: number;
}

export const toCategoryResponse = (category: VehicleCategoryEntity): CategoryResponseDto => ({
  id: category.id,
  slug: category.slug,
  name: category.name,
  description: category.description,
  icon: category.icon,
  client_type: category.clientType,
  is_active: category.isActive,
  sort_order: category.sortOrder,
  created_at: iso(category.createdAt) as string,
  updated_at: iso(category.updatedAt) as string,
});
