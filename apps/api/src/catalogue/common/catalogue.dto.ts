import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** Query booleans arrive as strings ("true"/"false"/"1"/"0"); anything else fails validation. */
export const toQueryBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

export class IdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

/** `limit`/`offset` lists; subclasses set the bound documented for each route. */
export interface LimitOffset {
  limit: number;
  offset: number;
}

export const limitOffset = (max: number, fallback = 50): new () => LimitOffset => {
  class LimitOffsetQuery {
    @ApiPropertyOptional({ minimum: 1, maximum: max, default: fallback })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(max)
    limit: number = fallback;

    @ApiPropertyOptional({ minimum: 0, default: 0 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(0)
    offset: number = 0;
  }
  return LimitOffsetQuery;
};

export class OptionalBooleanQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toQueryBoolean)
  @IsBoolean()
  is_active?: boolean;
}

export const iso = (date: Date | string | null | undefined): string | null =>
  date === null || date === undefined ? null : new Date(date).toISOString();

export const money = (value: string | number): number => Math.round(Number(value) * 100) / 100;

/** PUT bodies are partial; `null` is only accepted for nullable columns. */
export const rejectNulls = (body: object, fields: readonly string[]): string[] =>
  fields.filter((field) => (body as Record<string, unknown>)[field] === null);
