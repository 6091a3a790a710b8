import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Response } from 'express';
import { AdminRole, AuthErrorCode, DomainError, ErrorCode, unauthorized } from '@app/domain';
import { SlidingWindowRateLimiter } from '../common/rate-limit/sliding-window-rate-limiter';
import { ApiConfig } from '../config/api.config';
import { AuthenticatedRequest } from './auth-request';
import { AUTH_QUERY_TOKEN_KEY, AUTH_ROLES_KEY } from './authenticated.decorator';
import { IS_PUBLIC_KEY } from './public.decorator';
import { TokenService } from './token.service';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const RATE_WINDOW_MS = 60_000;

/**
 * Global guard: every route is closed unless it is marked @Public(). Routes with
 * @Authenticated() need a valid, unrevoked access token of an active staff member and, when
 * the decorator names roles, one of those roles (403 otherwise). A route that declares neither
 * (a mistake the route-table test catches) is treated as admin-only. Every authenticated
 * request also counts against its staff member's per-minute budget (Redis, shared by all
 * replicas): 429 with Retry-After beyond it. Public routes (webhook, health) are not counted.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  public constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly limiter: SlidingWindowRateLimiter,
    private readonly config: ApiConfig,
  ) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    if (context.getType() !== 'http') return false;

    const roles = this.reflector.getAllAndOverride<AdminRole[] | undefined>(
      AUTH_ROLES_KEY,
      targets,
    );
    const allowQueryToken =
      this.reflector.getAllAndOverride<boolean>(AUTH_QUERY_TOKEN_KEY, targets) === true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = this.extractToken(request, allowQueryToken);
    if (!token) {
      throw unauthorized(AuthErrorCode.MISSING_TOKEN, 'Falta el token de autenticación');
    }

    const principal = await this.tokens.authenticate(token);
    request.admin = principal.admin;
    request.authSession = principal.session;

    const required = roles ?? [AdminRole.ADMIN];
    if (required.length > 0 && !required.includes(principal.admin.role)) {
      throw new DomainError(
        'forbidden',
        ErrorCode.FORBIDDEN,
        `Permisos insuficientes. Rol requerido: ${required.join(', ')}`,
        { required_roles: required },
      );
    }
    await this.countRequest(context, principal.admin.id);
    return true;
  }

  private async countRequest(context: ExecutionContext, adminId: string): Promise<void> {
    const limit = this.config.staffRateLimitPerMinute;
    const decision = await this.limiter.hit(`staff:${adminId}`, limit, RATE_WINDOW_MS);
    if (decision.allowed) return;
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new DomainError(
      'rate_limited',
      ErrorCode.RATE_LIMITED,
      `Límite de ${limit} peticiones por minuto alcanzado`,
      { retry_after_seconds: decision.retryAfterSeconds, limit },
    );
  }

  private extractToken(request: AuthenticatedRequest, allowQueryToken: boolean): string | null {
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.length > 0) {
      return BEARER.exec(header)?.[1] ?? null;
    }
    if (allowQueryToken) {
      const query = (request.query as Record<string, unknown> | undefined)?.token;
      if (typeof query === 'string' && query.length > 0) return query;
    }
    return null;
  }
}
