import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Client, ClientInfo } from '../common/http/client-info.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { MessageResponseDto } from '../common/http/message-response.dto';
import { AuthenticatedAdmin, AuthSession } from './auth-request';
import { AuthService } from './auth.service';
import { Authenticated } from './authenticated.decorator';
import { CurrentAdmin, CurrentSession } from './current-admin.decorator';
import {
  LoginRequestDto,
  MeResponseDto,
  RefreshRequestDto,
  TokenResponseDto,
  toMeResponse,
} from './dto/auth.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('api/admin/auth')
export class AuthController {
  public constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in with username and password',
    description:
      'Failed attempts are limited per username and per client IP (429 with Retry-After). ' +
      'Every attempt is written to the access log.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Bad credentials or disabled' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many failed attempts' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public login(
    @Body() body: LoginRequestDto,
    @Client() client: ClientInfo,
  ): Promise<TokenResponseDto> {
    return this.auth.login(body, client);
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access + refresh token (single use)',
    description: 'Presenting an already used refresh token revokes every token of that login.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Invalid, expired or reused' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public refresh(
    @Body() body: RefreshRequestDto,
    @Client() client: ClientInfo,
  ): Promise<TokenResponseDto> {
    return this.auth.refresh(body.refresh_token, client);
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke the current access token (and its refresh tokens)' })
  @ApiOkResponse({ type: MessageResponseDto })
  public logout(
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @CurrentSession() session: AuthSession,
    @Client() client: ClientInfo,
  ): Promise<MessageResponseDto> {
    return this.auth.logout(admin, session, client);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The logged-in staff member' })
  @ApiOkResponse({ type: MeResponseDto })
  public me(@CurrentAdmin() admin: AuthenticatedAdmin): MeResponseDto {
    return toMeResponse(admin);
  }
}
