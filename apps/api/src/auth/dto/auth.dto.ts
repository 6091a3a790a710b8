import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { ADMIN_ROLES, AdminRole } from '@app/domain';
import { AuthenticatedAdmin } from '../auth-request';
import { IsOptionalNonNull } from '../../common/validation/decorators';

export class LoginRequestDto {
  @ApiProperty({ example: 'admin', description: 'Case-insensitive (stored lower-cased)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({
    description:
      'Ask for a rotating refresh token. The access token is then short-lived ' +
      '(JWT_SHORT_ACCESS_TTL_SECONDS) and renewed through POST /api/admin/auth/refresh.',
    default: false,
  })
  @IsOptionalNonNull()
  @IsBoolean()
  with_refresh_token?: boolean;
}

export class RefreshRequestDto {
  @ApiProperty({ description: 'The refresh_token of the last login or refresh (single use)' })
  @IsString()
  @Length(20, 200)
  refresh_token: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT (HS256) to send as `Authorization: Bearer <token>`' })
  access_token: string;

  @ApiProperty({ enum: ['bearer'] })
  token_type: 'bearer';

  @ApiProperty({ description: 'Access-token lifetime in seconds', example: 28800 })
  expires_in: number;

  @ApiPropertyOptional({ description: 'Only when requested at login, and on every refresh' })
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'Refresh-token lifetime in seconds' })
  refresh_expires_in?: number;
}

export class MeResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ type: String, nullable: true })
  display_name: string | null;

  @ApiProperty({ enum: ADMIN_ROLES })
  role: AdminRole;
}

export const toMeResponse = (admin: AuthenticatedAdmin): MeResponseDto => ({
  id: admin.id,
  username: admin.username,
  display_name: admin.displayName,
  role: admin.role,
});
