import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LimitOffsetQueryDto } from '../../common/http/pagination.dto';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() || undefined : value;

const CATEGORY = /^[A-Za-z0-9_-]+$/;
const CATEGORY_MESSAGE = 'category solo admite letras, números, guiones y guiones bajos';

export class UploadImageQueryDto {
  @ApiPropertyOptional({ maxLength: 50, example: 'element', description: 'Free grouping label' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  @Matches(CATEGORY, { message: CATEGORY_MESSAGE })
  category?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class ListImagesQueryDto extends LimitOffsetQueryDto {
  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  @Matches(CATEGORY, { message: CATEGORY_MESSAGE })
  category?: string;
}
