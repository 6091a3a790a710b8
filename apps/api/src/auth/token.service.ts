import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AuthErrorCode, DomainError, ErrorCode, isAdminRole, unauthorized } from '@app/domain';
import { RedisService } from '@app/redis';
import { ApiConfig } from '../config/api.config';
import { AdminAuthState, AdminSessionsService } from './admin-sessions.service';
import { AuthenticatedAdmin, AuthSession } from './auth-request';

/**
 * Claims of an admin access token: the ones clients read (docs/behaviour-contract.md) plus `ver`
 * and `sid`, which make it revocable.
 */
export interface AccessTokenClaims {
  /** Username. */
  sub: string;
  user_id: string;
  /** Informational only: the guard reads the role from the database. */
  role: string;
  type: 'admin';
  jti: string;
  /** Token version of the user when issued; a bump revokes the token. */
  ver: number;
  /** Login session id (refresh-token family when there is one). */
  sid: string;
  iat: number;
  exp: number;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
  jti: string;
}

export interface TokenSubject {
  id: string;
  username: string;
  role: string;
  tokenVersion: number;
}

export interface Principal {
  admin: AuthenticatedAdmin;
  session: AuthSession;
}

const invalidToken = (): DomainError =>
  unauthorized(AuthErrorCode.INVALID_TOKEN, 'Token inválido o caducado');
const revokedToken = (): DomainError =>
  unauthorized(AuthErrorCode.REVOKED_TOKEN, 'La sesión ha sido revocada; inicie sesión de nuevo');

const isClaims = (value: unknown): value is AccessTokenClaims => {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    claims.type === 'admin' &&
    typeof claims.sub === 'string' &&
    typeof claims.user_id === 'string' &&
    typeof claims.jti === 'string' &&
    typeof claims.sid === 'string' &&
    typeof claims.ver === 'number' &&
    typeof claims.exp === 'number'
  );
};

/** Issues and verifies admin JWTs (HS256) and keeps the logout blacklist. */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);

  public constructor(
    private readonly jwt: JwtService,
    private readonly redis: RedisService,
    private readonly sessions: AdminSessionsService,
    private readonly config: ApiConfig,
  ) {}

  public static blacklistKey(jti: string): string {
    return `token_blacklist:${jti}`;
  }

  public async issueAccessToken(
    subject: TokenSubject,
    sid: string,
    ttlSeconds: number = this.config.jwt.accessTtlSeconds,
  ): Promise<IssuedAccessToken> {
    const jti = randomUUID();
    const payload = {
      sub: subject.username,
      user_id: subject.id,
      role: subject.role,
      type: 'admin',
      jti,
      ver: subject.tokenVersion,
      sid,
    };
    const token = await this.jwt.signAsync(payload, { expiresIn: ttlSeconds });
    return { token, expiresIn: ttlSeconds, jti };
  }

  /**
   * Full check of a bearer token: signature and expiry, type, logout blacklist, the user still
   * existing and active, and the token version. One Redis round trip when the state is cached.
   */
  public async authenticate(token: string): Promise<Principal> {
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      throw invalidToken();
    }
    if (!isClaims(claims)) throw invalidToken();

    let blacklisted: boolean;
    let state: AdminAuthState | null;
    try {
      const replies = await this.redis.client
        .pipeline()
        .exists(TokenService.blacklistKey(claims.jti))
        .get(AdminSessionsService.stateKey(claims.user_id))
        .exec();
      if (!replies) throw new Error('empty pipeline reply');
      const [[blacklistError, exists], [stateError, cached]] = replies as [
        [Error | null, number],
        [Error | null, string | null],
      ];
      const replyError = blacklistError ?? stateError;
      if (replyError)
        throw replyError instanceof Error ? replyError : new Error(String(replyError));
      blacklisted = exists === 1;
      state = blacklisted ? null : await this.sessions.loadState(claims.user_id, cached);
    } catch (error) {
      this.logger.warn(`auth state unavailable: ${error instanceof Error ? error.message : ''}`);
      // Revocation cannot be checked: fail closed, but as 503 so the SPA does not log out.
      throw new DomainError(
        'unavailable',
        ErrorCode.SERVICE_UNAVAILABLE,
        'Servicio de autenticación no disponible temporalmente',
      );
    }
    if (blacklisted) throw revokedToken();
    if (!state || !state.isActive || !isAdminRole(state.role)) throw revokedToken();
    if (state.tokenVersion !== claims.ver) throw revokedToken();
    return {
      admin: {
        id: state.id,
        username: state.username,
        role: state.role,
        displayName: state.displayName,
      },
      session: { jti: claims.jti, exp: claims.exp, sid: claims.sid },
    };
  }

  /** Blacklists an access token until it would have expired anyway. */
  public async blacklist(session: AuthSession): Promise<void> {
    const ttl = Math.max(1, session.exp - Math.floor(Date.now() / 1000));
    await this.redis.client.set(TokenService.blacklistKey(session.jti), '1', 'EX', ttl);
  }
}
