import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';

/** PostgreSQL `integer` (int4): every integer column of the schema. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

/** numeric(10,2): eight integer digits and two decimals. */
export const MONEY_MAX = 99_999_999.99;

/**
 * An optional field whose column is NOT NULL: absent is fine, `null` is a 422. (`@IsOptional()`
 * skips validation for null too, so it is kept for nullable columns only.)
 */
export const IsOptionalNonNull = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    ValidateBy(
      {
        name: 'isNotNull',
        validator: {
          validate: (value: unknown): boolean => value !== null,
          defaultMessage: (args) => `${args?.property ?? 'el campo'} no admite null`,
        },
      },
      options,
    ),
  );

/**
 * Partial update bodies: every field optional, and `null` only where the create DTO accepts it
 * (fields declared with `@IsOptional()`); a null for a NOT NULL column is a 422.
 */
export const PartialInput = <T>(classRef: ClassType<T>): ClassType<Partial<T>> =>
  PartialType(classRef, { skipNullProperties: false });

/** Integer in a column's range (int4 unless narrowed). Rejects 1e21, 2^31, 1.5 and strings. */
export const IsInt32 = (
  range: { min?: number; max?: number } = {},
  options?: ValidationOptions,
): PropertyDecorator =>
  applyDecorators(
    IsInt(options),
    Min(range.min ?? INT32_MIN, options),
    Max(range.max ?? INT32_MAX, options),
  );

const DECIMAL_TEXT = /^-?\d{1,15}(\.\d{1,15})?$/;

/** Number of decimals of a finite number, read from its shortest round-trip text. */
const decimalPlaces = (value: number): number => {
  const text = String(Math.abs(value));
  const exponent = text.match(/e([+-]\d+)$/);
  const mantissa = exponent ? text.slice(0, exponent.index) : text;
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - (exponent ? Number(exponent[1]) : 0));
};

/** Numeric text ("12.50", what forms send) becomes a number; anything else is left to fail. */
export const toDecimal = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && DECIMAL_TEXT.test(value.trim()) ? Number(value) : value;

/**
 * EUR amount stored as numeric(10,2): a finite number, 0 ≤ x ≤ 99 999 999.99, at most two
 * decimals (counted from the number's text, so 1e-7 or 1e21 are plain 422s).
 */
export const IsMoney = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    Transform(toDecimal),
    ValidateBy(
      {
        name: 'isMoney',
        validator: {
          validate: (value: unknown): boolean =>
            typeof value === 'number' &&
            Number.isFinite(value) &&
            value >= 0 &&
            value <= MONEY_MAX &&
            decimalPlaces(value) <= 2,
          defaultMessage: (args) =>
            `${args?.property ?? 'el importe'} debe ser un importe entre 0 y ${MONEY_MAX} ` +
            'con como máximo 2 decimales',
        },
      },
      options,
    ),
  );

const INTEGER_TEXT = /^-?\d{1,16}$/;

/** Query text → integer only when it is plain digits; "1e21", "1.5" or "" stay strings (422). */
const toQueryInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;

export interface QueryIntegerOptions {
  min: number;
  max: number;
  default?: number;
  description?: string;
}

/**
 * An optional integer query parameter: parsed strictly, bounded, and documented as
 * `type: integer` with its minimum and maximum.
 */
export const QueryInteger = (options: QueryIntegerOptions): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      minimum: options.min,
      maximum: options.max,
      default: options.default,
      description: options.description,
    }),
    IsOptional(),
    Transform(toQueryInteger),
    IsInt(),
    Min(options.min),
    Max(options.max),
  );
