import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Response } from 'express';
import { DomainError, ErrorCode } from '@app/domain';
import { MEDIA_OPTIONS, MediaOptions } from '@app/media';
import { AuthenticatedRequest } from '../../auth/auth-request';
import { SlidingWindowRateLimiter } from '../../common/rate-limit/sliding-window-rate-limiter';

const WINDOW_MS = 60_000;

/**
 * Per-user upload budget (IMAGE_UPLOAD_RATE_LIMIT per minute), counted in Redis so every api
 * replica shares it. Runs as a guard — after authentication, before the multipart body is
 * parsed — so a throttled client never makes us buffer a file. Every attempt counts.
 */
@Injectable()
export class UploadRateLimitGuard implements CanActivate {
  public constructor(
    private readonly limiter: SlidingWindowRateLimiter,
    @Inject(MEDIA_OPTIONS) private readonly options: MediaOptions,
  ) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const admin = http.getRequest<AuthenticatedRequest>().admin;
    // The global guard has authenticated the request; the id is stable across renames.
    const subject = admin?.id ?? 'anonymous';
    const limit = this.options.uploadRateLimitPerMinute;
    const decision = await this.limiter.hit(`image-upload:${subject}`, limit, WINDOW_MS);
    if (decision.allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new DomainError(
      'rate_limited',
      ErrorCode.RATE_LIMITED,
      `Límite de ${limit} subidas de imágenes por minuto alcanzado`,
      { retry_after_seconds: decision.retryAfterSeconds, limit },
    );
  }
}
