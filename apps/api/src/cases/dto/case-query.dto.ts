import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidationArguments,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { CASE_ELEMENT_STATUSES, CASE_STATUSES, CaseElementStatus, CaseStatus } from '@app/domain';
import { LimitOffsetQueryDto } from '../../common/http/pagination.dto';
import { IsOptionalNonNull } from '../../common/validation/decorators';

export const NOTE_MAX_LENGTH = 2000;

export class ListCasesQueryDto extends LimitOffsetQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'Case-insensitive match on first/last name, email or matrícula',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only cases of this customer' })
  @IsOptional()
  @IsUUID()
  user_id?: string;
}

export class UpdateCaseStatusDto {
  @ApiProperty({
    enum: CASE_STATUSES,
    description:
      'Target status; it must be allowed from the current one by the transition table ' +
      '(400 names the allowed targets otherwise)',
  })
  @IsString()
  @MaxLength(30)
  status: string;

  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  notes?: string | null;
}

export class ValidateCaseImageDto {
  @ApiProperty()
  @IsBoolean()
  is_valid: boolean;

  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  validation_notes?: string | null;
}

export const FIELD_VALUES_MAX_KEYS = 100;
export const FIELD_KEY_MAX_LENGTH = 50;
export const FIELD_VALUE_MAX_LENGTH = 1000;

/** `{field_key: string|number|boolean|null}` with bounded keys and values. */
function IsFieldValues(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isFieldValues',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} debe ser un objeto {clave: texto|número|booleano|null} con como ` +
          `máximo ${FIELD_VALUES_MAX_KEYS} claves de hasta ${FIELD_KEY_MAX_LENGTH} caracteres ` +
          `y valores de hasta ${FIELD_VALUE_MAX_LENGTH} caracteres`,
        ...options,
      },
      validator: {
        validate: (value: unknown): boolean => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          if (entries.length > FIELD_VALUES_MAX_KEYS) return false;
          return entries.every(
            ([key, item]) =>
              /^[A-Za-z0-9_.-]{1,50}$/.test(key) &&
              (item === null ||
                typeof item === 'boolean' ||
                (typeof item === 'number' && Number.isFinite(item)) ||
                (typeof item === 'string' && item.length <= FIELD_VALUE_MAX_LENGTH)),
          );
        },
      },
    });
}

export class UpdateCaseElementDataDto {
  @ApiPropertyOptional({
    enum: CASE_ELEMENT_STATUSES,
    description:
      'pending_data stamps photos_completed_at and completed stamps data_completed_at, ' +
      'the first time each is reached',
  })
  @IsOptionalNonNull()
  @IsIn(CASE_ELEMENT_STATUSES)
  status?: CaseElementStatus;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description: 'Merged into the stored values (a key set to null keeps the key with null)',
    example: { altura_mm: 1200, homologado: true },
  })
  @IsOptional()
  @IsObject()
  @IsFieldValues()
  field_values?: Record<string, string | number | boolean | null>;
}
