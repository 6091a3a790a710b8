import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ElementImageEntity } from '@app/database';
import { IMAGE_STATUSES, IMAGE_TYPES, ImageStatus, ImageType } from '@app/domain';
import { iso } from '../../common/catalogue.dto';
import { IsInt32, IsOptionalNonNull, PartialInput } from '../../../common/validation/decorators';

export class CreateElementImageDto {
  @ApiProperty({ maxLength: 500, example: '/images/escape-1.jpg' })
  @IsString()
  @Length(1, 500)
  image_url: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ enum: IMAGE_TYPES, default: 'example' })
  @IsOptionalNonNull()
  @IsIn(IMAGE_TYPES)
  image_type?: ImageType;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptionalNonNull()
  @IsInt32({ min: 0 })
  sort_order?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptionalNonNull()
  @IsBoolean()
  is_required?: boolean;

  @ApiPropertyOptional({
    enum: IMAGE_STATUSES,
    default: 'placeholder',
    description: 'Only active images are sent',
  })
  @IsOptionalNonNull()
  @IsIn(IMAGE_STATUSES)
  status?: ImageStatus;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  user_instruction?: string | null;
}

export class UpdateElementImageDto extends PartialInput(CreateElementImageDto) {}

export class ElementImageResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) element_id: string;
  @ApiProperty() image_url: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: IMAGE_TYPES }) image_type: string;
  @ApiProperty() sort_order: number;
  @ApiProperty() is_required: boolean;
  @ApiProperty({ enum: IMAGE_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) validated_at: string | null;
  @ApiProperty({ type: String, nullable: true }) user_instruction: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class ElementImageListResponseDto {
  @ApiProperty({ format: 'uuid' }) element_id: string;
  @ApiProperty({ type: [ElementImageResponseDto] }) images: ElementImageResponseDto[];
}

export const toElementImageResponse = (image: ElementImageEntity): ElementImageResponseDto => ({
  id: image.id,
  element_id: image.elementId,
  image_url: image.imageUrl,
  title: image.title,
  description: image.description,
  image_type: image.imageType,
  sort_order: image.sortOrder,
  is_required: image.isRequired,
  status: image.status,
  validated_at: iso(image.validatedAt),
  user_instruction: image.userInstruction,
  created_at: iso(image.createdAt) as string,
});
