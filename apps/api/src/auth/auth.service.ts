import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AdminUserEntity } from '@app/database';
import { AuthErrorCode, DomainError, normaliseUsername, unauthorized } from '@app/domain';
import { LoginFailureReason } from '../access-log/access-log.actions';
import { AccessLogService } from '../access-log/access-log.service';
import { ClientInfo } from '../common/http/client-info.decorator';
import { MessageResponseDto } from '../common/http/message-response.dto';
import { ApiConfig } from '../config/api.config';
import { AuthenticatedAdmin, AuthSession } from './auth-request';
import { LoginRequestDto, TokenResponseDto } from './dto/auth.dto';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';
import { TokenService } from './token.service';

const invalidCredentials = (): DomainError =>
  unauthorized(AuthErrorCode.INVALID_CREDENTIALS, 'Credenciales inválidas');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  public constructor(
    @InjectRepository(AdminUserEntity) private readonly users: Repository<AdminUserEntity>,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly throttle: LoginThrottleService,
    private readonly accessLog: AccessLogService,
    private readonly config: ApiConfig,
  ) {}

  /**
   * Every attempt lands in admin_access_log. The password is checked before the account
   * status, so "disabled" is only revealed to someone who knows the password.
   */
  public async login(body: LoginRequestDto, client: ClientInfo): Promise<TokenResponseDto> {
    const username = normaliseUsername(body.username);
    const ip = client.ip ?? 'unknown';
    const user = await this.users.findOne({ where: { username } });
    const fail = async (reason: LoginFailureReason, countsAsFailure = true): Promise<void> => {
      if (countsAsFailure) await this.throttle.recordFailure(username, ip);
      await this.accessLog.record({
        userId: user?.id ?? null,
        username,
        action: 'login_failed',
        client,
        details: { reason },
      });
      this.logger.warn({ username, reason }, 'admin login failed');
    };

    const retryAfter = await this.throttle.blockedFor(username, ip);
    if (retryAfter !== null) {
      await fail('rate_limited', false);
      throw new DomainError(
        'rate_limited',
        AuthErrorCode.LOGIN_RATE_LIMITED,
        'Demasiados intentos fallidos. Inténtelo de nuevo más tarde.',
        { retry_after_seconds: retryAfter },
      );
    }
    if (!user) {
      await this.passwords.burn(body.password);
      await fail('unknown_user');
      throw invalidCredentials();
    }
    if (!(await this.passwords.verify(body.password, user.passwordHash))) {
      await fail('invalid_password');
      throw invalidCredentials();
    }
    if (!user.isActive) {
      await fail('account_disabled');
      throw unauthorized(AuthErrorCode.ACCOUNT_DISABLED, 'La cuenta está desactivada');
    }

    await this.throttle.reset(username);
    const response = await this.openSession(user, body.with_refresh_token === true, client);
    await this.accessLog.record({ userId: user.id, username, action: 'login', client });
    this.logger.log({ username }, 'admin login');
    return response;
  }

  public async refresh(token: string, client: ClientInfo): Promise<TokenResponseDto> {
    const result = await this.refreshTokens.rotate(token, client);
    if (result.outcome === 'reused') {
      await this.accessLog.record({
        userId: result.userId,
        username: result.username,
        action: 'refresh_reuse',
        client,
        details: { family_id: result.familyId },
      });
      throw unauthorized(
        AuthErrorCode.REFRESH_TOKEN_REUSED,
        'El token de renovación ya se había usado; por seguridad se han cerrado esas sesiones',
      );
    }
    if (result.outcome === 'invalid') {
      throw unauthorized(
        AuthErrorCode.INVALID_REFRESH_TOKEN,
        'Token de renovación inválido o caducado',
      );
    }
    const access = await this.tokens.issueAccessToken(
      result.user,
      result.next.familyId,
      this.config.jwt.shortAccessTtlSeconds,
    );
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: access.expiresIn,
      refresh_token: result.next.token,
      refresh_expires_in: result.next.expiresIn,
    };
  }

  /** Revokes the presented access token and the refresh-token family of its login. */
  public async logout(
    admin: AuthenticatedAdmin,
    session: AuthSession,
    client: ClientInfo,
  ): Promise<MessageResponseDto> {
    await this.tokens.blacklist(session);
    await this.refreshTokens.revokeFamily(session.sid);
    await this.accessLog.record({
      userId: admin.id,
      username: admin.username,
      action: 'logout',
      client,
    });
    this.logger.log({ username: admin.username }, 'admin logout');
    return { message: 'Sesión cerrada correctamente' };
  }

  private async openSession(
    user: AdminUserEntity,
    withRefresh: boolean,
    client: ClientInfo,
  ): Promise<TokenResponseDto> {
    const sid = randomUUID();
    if (!withRefresh) {
      const access = await this.tokens.issueAccessToken(user, sid);
      return { access_token: access.token, token_type: 'bearer', expires_in: access.expiresIn };
    }
    const refresh = await this.refreshTokens.issue(user.id, sid, client);
    const access = await this.tokens.issueAccessToken(
      user,
      sid,
      this.config.jwt.shortAccessTtlSeconds,
    );
    return {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: access.expiresIn,
      refresh_token: refresh.token,
      refresh_expires_in: refresh.expiresIn,
    };
  }
}
