import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { ElementRequiredFieldEntity } from '@app/database';
import { CONDITION_OPERATORS, ConditionOperator, FIELD_TYPES, FieldType } from '@app/domain';
import { iso, toQueryBoolean } from '../../common/catalogue.dto';
import { IsInt32, IsOptionalNonNull, PartialInput } from '../../../common/validation/decorators';

export class RequiredFieldListQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  is_active?: boolean;
}

export class CreateRequiredFieldDto {
  @ApiProperty({ maxLength: 50, example: 'marca_modelo' })
  @IsString()
  @Length(1, 50)
  @Matches(/^[a-z0-9_]+$/, { message: 'field_key: minúsculas, dígitos y _' })
  field_key: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  field_label: string;

  @ApiPropertyOptional({ enum: FIELD_TYPES, default: 'text' })
  @IsOptionalNonNull()
  @IsIn(FIELD_TYPES)
  field_type?: FieldType;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'Required for select' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  options?: string[] | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_required?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      '{min|min_value, max|max_value, min_length, max_length, pattern, pattern_description, example}',
  })
  @IsOptional()
  @IsObject()
  validation_rules?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  example_value?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  llm_instruction?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  condition_field_id?: string | null;

  @ApiPropertyOptional({ enum: CONDITION_OPERATORS, nullable: true })
  @IsOptional()
  @IsIn(CONDITION_OPERATORS)
  condition_operator?: ConditionOperator | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  condition_value?: string | null;

  @ApiPropertyOptional({ default: 0 })
  @IsOptionalNonNull()
  @IsInt32()
  sort_order?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;
}

export class UpdateRequiredFieldDto extends PartialInput(CreateRequiredFieldDto) {}

export class RequiredFieldResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) element_id: string;
  @ApiProperty() field_key: string;
  @ApiProperty() field_label: string;
  @ApiProperty({ enum: FIELD_TYPES }) field_type: string;
  @ApiProperty({ type: [String], nullable: true }) options: string[] | null;
  @ApiProperty() is_required: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  validation_rules: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) example_value: string | null;
  @ApiProperty({ type: String, nullable: true }) llm_instruction: string | null;
  @ApiProperty({ type: String, nullable: true }) condition_field_id: string | null;
  @ApiProperty({ type: String, nullable: true }) condition_operator: string | null;
  @ApiProperty({ type: String, nullable: true }) condition_value: string | null;
  @ApiProperty() sort_order: number;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export const toRequiredFieldResponse = (
  field: ElementRequiredFieldEntity,
): RequiredFieldResponseDto => ({
  id: field.id,
  element_id: field.elementId,
  field_key: field.fieldKey,
  field_label: field.fieldLabel,
  field_type: field.fieldType,
  options: field.options,
  is_required: field.isRequired,
  validation_rules: field.validationRules,
  example_value: field.exampleValue,
  llm_instruction: field.llmInstruction,
  condition_field_id: field.conditionFieldId,
  condition_operator: field.conditionOperator,
  condition_value: field.conditionValue,
  sort_order: field.sortOrder,
  is_active: field.isActive,
  created_at: iso(field.createdAt) as string,
  updated_at: iso(field.updatedAt) as string,
});
