import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';

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

/** `limit`/`offset` lists with per-route bounds (the shared, validated query DTO). */
export { limitOffsetQuery as limitOffset } from '../../common/http/pagination.dto';

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
