import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationOptions,
} from 'class-validator';
import { CustomerEntity } from '@app/database';
import { CLIENT_TYPES, ClientType, toE164OrNull } from '@app/domain';
import { LimitOffsetQueryDto } from '../../common/http/pagination.dto';
import { IsOptionalNonNull } from '../../common/validation/decorators';
import { PagedListResponseDto } from '../../common/http/list-envelope';

/** Normalises a typed phone to E.164 (default region ES) when it is a real number. */
const toE164 = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (toE164OrNull(value) ?? value) : value;

/** Valid phone number in E.164 after normalisation (libphonenumber-js, region ES). */
function IsE164Phone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isE164Phone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: 'phone debe ser un número de teléfono válido (E.164, p. ej. +34612345678)',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toE164OrNull(value) === value,
      },
    });
}

export const CUSTOMER_SORTS = ['last_activity', 'created_at'] as const;

export class ListCustomersQueryDto extends LimitOffsetQueryDto {
  @ApiPropertyOptional({ enum: CLIENT_TYPES })
  @IsOptional()
  @IsIn(CLIENT_TYPES)
  client_type?: ClientType;

  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, default: 'created_at' })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS)
  sort_by: (typeof CUSTOMER_SORTS)[number] = 'created_at';

  @ApiPropertyOptional({ description: 'Matches first/last name, phone or email', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

class CustomerFieldsDto {
  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  first_name?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  last_name?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 255, nullable: true, format: 'email' })
  @IsOptional()
  @IsEmail({}, { message: 'email no es una dirección válida' })
  @MaxLength(255)
  email?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 20, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  nif_cif?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  company_name?: string | null;

  @ApiPropertyOptional({ enum: CLIENT_TYPES, default: 'particular' })
  @IsOptionalNonNull()
  @IsIn(CLIENT_TYPES)
  client_type?: ClientType;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptionalNonNull()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class CreateCustomerDto extends CustomerFieldsDto {
  @ApiProperty({
    example: '+34612345678',
    minLength: 1,
    description: 'Normalised to E.164 (default region ES)',
  })
  @Transform(toE164)
  @IsE164Phone()
  phone: string;
}

export class UpdateCustomerDto extends CustomerFieldsDto {
  @ApiPropertyOptional({ example: '+34612345678', description: 'E.164; unique' })
  @IsOptionalNonNull()
  @Transform(toE164)
  @IsE164Phone()
  phone?: string;

  @ApiPropertyOptional({ type: String, maxLength: 255, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  domicilio_calle?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  domicilio_localidad?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  domicilio_provincia?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 10, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  domicilio_cp?: string | null;
}

export class CustomerResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'E.164; null for customers without one',
  })
  phone: string | null;

  @ApiProperty({ type: String, nullable: true })
  first_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  nif_cif: string | null;

  @ApiProperty({ type: String, nullable: true })
  company_name: string | null;

  @ApiProperty({ enum: CLIENT_TYPES })
  client_type: ClientType;

  @ApiProperty({ type: String, nullable: true })
  domicilio_calle: string | null;

  @ApiProperty({ type: String, nullable: true })
  domicilio_localidad: string | null;

  @ApiProperty({ type: String, nullable: true })
  domicilio_provincia: string | null;

  @ApiProperty({ type: String, nullable: true })
  domicilio_cp: string | null;

  @ApiProperty({ type: Number, nullable: true })
  chatwoot_contact_id: number | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Record<string, unknown>;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'Last conversation activity' })
  last_activity_at: string;
}

export class CustomerListResponseDto extends PagedListResponseDto(CustomerResponseDto) {}

export const toCustomerResponse = (customer: CustomerEntity): CustomerResponseDto => ({
  id: customer.id,
  phone: customer.phone,
  first_name: customer.firstName,
  last_name: customer.lastName,
  email: customer.email,
  nif_cif: customer.nifCif,
  company_name: customer.companyName,
  client_type: customer.clientType,
  domicilio_calle: customer.domicilioCalle,
  domicilio_localidad: customer.domicilioLocalidad,
  domicilio_provincia: customer.domicilioProvincia,
  domicilio_cp: customer.domicilioCp,
  chatwoot_contact_id: customer.chatwootContactId,
  metadata: customer.metadata ?? {},
  created_at: customer.createdAt.toISOString(),
  updated_at: customer.updatedAt.toISOString(),
  last_activity_at: (customer.lastActivityAt ?? customer.createdAt).toISOString(),
});
