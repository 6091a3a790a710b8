import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { BaseDocumentationEntity } from '@app/database';
import { iso, limitOffset } from '../../common/catalogue.dto';
import { IsInt32, IsOptionalNonNull, PartialInput } from '../../../common/validation/decorators';
import { ListResponseDto } from '../../../common/http/list-envelope';

export class BaseDocListQueryDto extends limitOffset(500, 100) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  category_id?: string;
}

export class CreateBaseDocDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  category_id: string;

  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  description: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  image_url?: string | null;

  @ApiPropertyOptional({ default: 0 })
  @IsOptionalNonNull()
  @IsInt32()
  sort_order?: number;
}

export class UpdateBaseDocDto extends PartialInput(
  OmitType(CreateBaseDocDto, ['category_id'] as const),
) {}

export class BaseDocResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) category_id: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true }) image_url: string | null;
  @ApiProperty() sort_order: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class BaseDocListResponseDto extends ListResponseDto(BaseDocResponseDto) {}

export const toBaseDocResponse = (doc: BaseDocumentationEntity): BaseDocResponseDto => ({
  id: doc.id,
  category_id: doc.categoryId,
  description: doc.description,
  image_url: doc.imageUrl,
  sort_order: doc.sortOrder,
  created_at: iso(doc.createdAt) as string,
});
