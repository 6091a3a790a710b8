import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { ElementEntity } from '@app/database';
import { iso, toQueryBoolean } from '../../common/catalogue.dto';
import { ElementImageResponseDto } from './element-image.dto';
import { MAX_OFFSET } from '../../../common/http/pagination.dto';
import {
  IsInt32,
  QueryInteger,
  IsOptionalNonNull,
  PartialInput,
} from '../../../common/validation/decorators';

export class ElementListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  category_id?: string;

  @QueryInteger({ min: 0, max: MAX_OFFSET, default: 0 })
  skip: number = 0;

  @QueryInteger({ min: 1, max: 1000, default: 100 })
  limit: number = 100;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  include_children: boolean = false;

  @ApiPropertyOptional({ default: true, description: 'Only base elements (no variants)' })
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  only_base: boolean = true;

  @ApiPropertyOptional({ description: 'Name, code or keyword' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class ElementDetailQueryDto {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  include_children: boolean = true;
}

const KEYWORDS = { each: true } as const;

export class CreateElementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  category_id: string;

  @ApiProperty({ maxLength: 50, example: 'ESCAPE' })
  @IsString()
  @Length(1, 50)
  code: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiProperty({ type: [String], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString(KEYWORDS)
  @Length(1, 100, KEYWORDS)
  keywords: string[];

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString(KEYWORDS)
  @Length(1, 100, KEYWORDS)
  aliases?: string[] | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptionalNonNull()
  @IsInt32({ min: 0 })
  sort_order?: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parent_element_id?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50, example: 'position' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  variant_type?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50, example: 'DEL' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  variant_code?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  question_hint?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString(KEYWORDS)
  @Length(1, 100, KEYWORDS)
  multi_select_keywords?: string[] | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  inherit_parent_data?: boolean;
}

export class UpdateElementDto extends PartialInput(
  OmitType(CreateElementDto, ['category_id'] as const),
) {}

export class ElementResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) category_id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty({ type: [String] }) aliases: string[];
  @ApiProperty() is_active: boolean;
  @ApiProperty() sort_order: number;
  @ApiProperty({ type: String, nullable: true }) parent_element_id: string | null;
  @ApiProperty({ type: String, nullable: true }) variant_type: string | null;
  @ApiProperty({ type: String, nullable: true }) variant_code: string | null;
  @ApiProperty({ type: String, nullable: true }) question_hint: string | null;
  @ApiProperty({ type: [String] }) multi_select_keywords: string[];
  @ApiProperty() inherit_parent_data: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class ElementListItemDto extends ElementResponseDto {
  @ApiProperty() image_count: number;
  @ApiProperty() warning_count: number;
  @ApiProperty() child_count: number;
  @ApiPropertyOptional({ type: () => [ElementListItemDto] }) children?: ElementListItemDto[];
}

export class ElementListResponseDto {
  @ApiProperty({ type: [ElementListItemDto] }) items: ElementListItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() skip: number;
  @ApiProperty() limit: number;
}

export class ElementRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class ElementChildDto extends ElementResponseDto {
  @ApiProperty({ type: [ElementImageResponseDto] }) images: ElementImageResponseDto[];
}

export class ElementDetailResponseDto extends ElementResponseDto {
  @ApiProperty({ type: [ElementImageResponseDto] }) images: ElementImageResponseDto[];
  @ApiProperty({ type: ElementRefDto, nullable: true }) parent: ElementRefDto | null;
  @ApiPropertyOptional({ type: [ElementChildDto] }) children?: ElementChildDto[];
}

export const toElementResponse = (element: ElementEntity): ElementResponseDto => ({
  id: element.id,
  category_id: element.categoryId,
  code: element.code,
  name: element.name,
  description: element.description,
  keywords: element.keywords ?? [],
  aliases: element.aliases ?? [],
  is_active: element.isActive,
  sort_order: element.sortOrder,
  parent_element_id: element.parentElementId,
  variant_type: element.variantType,
  variant_code: element.variantCode,
  question_hint: element.questionHint,
  multi_select_keywords: element.multiSelectKeywords ?? [],
  inherit_parent_data: element.inheritParentData,
  created_at: iso(element.createdAt) as string,
  updated_at: iso(element.updatedAt) as string,
});
