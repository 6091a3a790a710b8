import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { AdminUserEntity } from '@app/database';
import {
  ADMIN_ROLES,
  AdminRole,
  DISPLAY_NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
} from '@app/domain';
import { LimitOffsetQueryDto } from '../../common/http/pagination.dto';
import { IsOptionalNonNull } from '../../common/validation/decorators';
import { PagedListResponseDto } from '../../common/http/list-envelope';

/** Query strings carry booleans as text; anything but true/false stays invalid (→ 422). */
const queryBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
};

export class ListAdminUsersQueryDto extends LimitOffsetQueryDto {
  @ApiPropertyOptional({ enum: ADMIN_ROLES })
  @IsOptional()
  @IsIn(ADMIN_ROLES)
  role?: AdminRole;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  is_active?: boolean;
}

export class CreateAdminUserDto {
  @ApiProperty({
    minLength: USERNAME_MIN_LENGTH,
    maxLength: USERNAME_MAX_LENGTH,
    pattern: USERNAME_PATTERN.source,
    description: 'Stored lower-cased',
  })
  @IsString()
  @Length(USERNAME_MIN_LENGTH, USERNAME_MAX_LENGTH)
  @Matches(USERNAME_PATTERN, { message: 'username solo admite letras, dígitos y _' })
  username: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({ enum: ADMIN_ROLES, default: AdminRole.USER })
  @IsOptionalNonNull()
  @IsIn(ADMIN_ROLES)
  role?: AdminRole;

  @ApiPropertyOptional({ type: String, maxLength: DISPLAY_NAME_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  display_name?: string | null;
}

export class UpdateAdminUserDto {
  @ApiPropertyOptional({ type: String, maxLength: DISPLAY_NAME_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  display_name?: string | null;

  @ApiPropertyOptional({ enum: ADMIN_ROLES, description: 'Not allowed on yourself' })
  @IsOptionalNonNull()
  @IsIn(ADMIN_ROLES)
  role?: AdminRole;

  @ApiPropertyOptional({ description: 'false revokes the user’s sessions; not on yourself' })
  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;
}

export class ChangePasswordDto {
  @ApiPropertyOptional({
    description:
      'Required when changing your own password (any role); not needed when an admin sets ' +
      'someone else’s',
  })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(256)
  current_password?: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  new_password: string;
}

export class AdminUserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ type: String, nullable: true })
  display_name: string | null;

  @ApiProperty({ enum: ADMIN_ROLES })
  role: AdminRole;

  @ApiProperty()
  is_active: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  created_by: string | null;
}

export class AdminUserListResponseDto extends PagedListResponseDto(AdminUserResponseDto) {}

export const toAdminUserResponse = (user: AdminUserEntity): AdminUserResponseDto => ({
  id: user.id,
  username: user.username,
  display_name: user.displayName,
  role: user.role,
  is_active: user.isActive,
  created_at: user.createdAt.toISOString(),
  updated_at: user.updatedAt.toISOString(),
  created_by: user.createdById,
});
