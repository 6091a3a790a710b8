import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { AdditionalServiceEntity } from '@app/database';
import { iso, limitOffset, money } from '../../common/catalogue.dto';
import {
  IsInt32,
  IsMoney,
  MONEY_MAX,
  IsOptionalNonNull,
  PartialInput,
} from '../../../common/validation/decorators';
import { ListResponseDto } from '../../../common/http/list-envelope';

export class ServiceListQueryDto extends limitOffset(500, 100) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Category services plus global ones' })
  @IsOptional()
  @IsUUID()
  category_id?: string;
}

export class CreateServiceDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null = global' })
  @IsOptional()
  @IsUUID()
  category_id?: string | null;

  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  code: string;

  @ApiProperty({ maxLength: 150 })
  @IsString()
  @Length(1, 150)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiProperty({ minimum: 0, maximum: MONEY_MAX, description: 'EUR without VAT' })
  @IsMoney()
  price: number;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: 0 })
  @IsOptionalNonNull()
  @IsInt32()
  sort_order?: number;
}

export class UpdateServiceDto extends PartialInput(CreateServiceDto) {}

export class ServiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) category_id: string | null;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() price: number;
  @ApiProperty() is_active: boolean;
  @ApiProperty() sort_order: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class ServiceListResponseDto extends ListResponseDto(ServiceResponseDto) {}

export const toServiceResponse = (service: AdditionalServiceEntity): ServiceResponseDto => ({
  id: service.id,
  category_id: service.categoryId,
  code: service.code,
  name: service.name,
  description: service.description,
  price: money(service.price),
  is_active: service.isActive,
  sort_order: service.sortOrder,
  created_at: iso(service.createdAt) as string,
  updated_at: iso(service.updatedAt) as string,
});
