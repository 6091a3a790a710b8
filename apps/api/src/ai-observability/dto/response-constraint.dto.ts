import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ResponseConstraintEntity } from '@app/database';
import { toQueryBoolean } from '../../catalogue/common/catalogue.dto';
import { IsInt32, IsOptionalNonNull, PartialInput } from '../../common/validation/decorators';

export class ResponseConstraintListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this category’s rules' })
  @IsOptional()
  @IsUUID()
  category_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  is_active?: boolean;
}

const TOOL_LIST = /^[A-Za-z0-9_.-]{1,100}(?:\|[A-Za-z0-9_.-]{1,100}){0,19}$/;

export class CreateResponseConstraintDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null = every category' })
  @IsOptional()
  @IsUUID()
  category_id?: string | null;

  @ApiProperty({ maxLength: 50, example: 'price_requires_tool' })
  @IsString()
  @Length(1, 50)
  constraint_type: string;

  @ApiProperty({
    maxLength: 500,
    description:
      'JavaScript regular expression, matched case-insensitively on the reply. Refused (422) ' +
      'when it does not compile or risks catastrophic backtracking (nested quantifiers, ' +
      'repeated overlapping alternatives)',
  })
  @IsString()
  @Length(1, 500)
  detection_pattern: string;

  @ApiProperty({
    maxLength: 200,
    example: 'calculate_quote|choose_variant',
    description: 'Tool names, pipe-separated',
  })
  @IsString()
  @Length(1, 200)
  @Matches(TOOL_LIST, {
    message: 'required_tool debe ser una lista de herramientas separadas por |',
  })
  required_tool: string;

  @ApiProperty({ maxLength: 5000, description: 'Correction given to the model on a violation' })
  @IsString()
  @Length(1, 5000)
  error_injection: string;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: 0, description: 'Higher first' })
  @IsOptionalNonNull()
  @IsInt32({ min: -1_000_000, max: 1_000_000 })
  priority?: number;
}

export class UpdateResponseConstraintDto extends PartialInput(CreateResponseConstraintDto) {}

export class ResponseConstraintResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) category_id: string | null;
  @ApiProperty({ type: String, nullable: true }) category_name: string | null;
  @ApiProperty() constraint_type: string;
  @ApiProperty() detection_pattern: string;
  @ApiProperty() required_tool: string;
  @ApiProperty() error_injection: string;
  @ApiProperty() is_active: boolean;
  @ApiProperty() priority: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export const toResponseConstraintResponse = (
  row: ResponseConstraintEntity,
): ResponseConstraintResponseDto => ({
  id: row.id,
  category_id: row.categoryId,
  category_name: row.category?.name ?? null,
  constraint_type: row.constraintType,
  detection_pattern: row.detectionPattern,
  required_tool: row.requiredTool,
  error_injection: row.errorInjection,
  is_active: row.isActive,
  priority: row.priority,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});
