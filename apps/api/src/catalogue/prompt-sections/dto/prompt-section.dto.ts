import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TariffPromptSectionEntity } from '@app/database';
import { PROMPT_SECTION_TYPES, PromptSectionType } from '@app/domain';
import { iso, limitOffset } from '../../common/catalogue.dto';
import { IsOptionalNonNull, PartialInput } from '../../../common/validation/decorators';
import { ListResponseDto } from '../../../common/http/list-envelope';

export class PromptSectionListQueryDto extends limitOffset(200) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  category_id?: string;

  @ApiPropertyOptional({ enum: PROMPT_SECTION_TYPES })
  @IsOptional()
  @IsIn(PROMPT_SECTION_TYPES)
  section_type?: PromptSectionType;
}

export class CreatePromptSectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  category_id: string;

  @ApiProperty({ enum: PROMPT_SECTION_TYPES })
  @IsIn(PROMPT_SECTION_TYPES)
  section_type: PromptSectionType;

  @ApiProperty({ description: 'Markdown' })
  @IsString()
  @Length(1, 100000)
  content: string;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;
}

export class UpdatePromptSectionDto extends PartialInput(
  OmitType(CreatePromptSectionDto, ['category_id'] as const),
) {}

export class PromptSectionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) category_id: string;
  @ApiProperty({ enum: PROMPT_SECTION_TYPES }) section_type: string;
  @ApiProperty() content: string;
  @ApiProperty() is_active: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class PromptSectionListResponseDto extends ListResponseDto(PromptSectionResponseDto) {}

export const toPromptSectionResponse = (
  section: TariffPromptSectionEntity,
): PromptSectionResponseDto => ({
  id: section.id,
  category_id: section.categoryId,
  section_type: section.sectionType,
  content: section.content,
  is_active: section.isActive,
  version: section.version,
  created_at: iso(section.createdAt) as string,
  updated_at: iso(section.updatedAt) as string,
});
