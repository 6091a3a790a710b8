import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiQuery,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminRole } from '@app/domain';
import { ErrorResponseDto } from '../common/http/error-response.dto';

export const AUTH_ROLES_KEY = 'auth:roles';
export const AUTH_QUERY_TOKEN_KEY = 'auth:queryToken';

export interface AuthenticatedOptions {
  /** Roles allowed to call the route; omitted = any authenticated staff member. */
  roles?: AdminRole[];
  /**
   * Also accept the JWT as `?token=` (browser navigations and EventSource cannot send headers:
   * case image downloads, the SSE log stream). Same checks as the header, including revocation.
   */
  allowQueryToken?: boolean;
}

/**
 * The only auth decorator for protected routes: records the allowed roles for the global
 * guard and documents the bearer scheme, the required role and the 401/403/429 answers in
 * Swagger (429: the staff member's per-minute request budget is spent).
 */
export const Authenticated = (
  options: AuthenticatedOptions = {},
): MethodDecorator & ClassDecorator => {
  const roles = options.roles ?? [];
  const decorators = [
    SetMetadata(AUTH_ROLES_KEY, roles),
    SetMetadata(AUTH_QUERY_TOKEN_KEY, options.allowQueryToken === true),
    ApiBearerAuth('bearer'),
    ApiExtension('x-required-roles', roles.length > 0 ? roles : ['admin', 'user']),
    ApiUnauthorizedResponse({
      type: ErrorResponseDto,
      description: 'Missing, invalid or revoked token',
    }),
    ApiTooManyRequestsResponse({
      type: ErrorResponseDto,
      description: 'Per-user request budget spent (STAFF_RATE_LIMIT_PER_MINUTE); see Retry-After',
    }),
  ];
  if (options.allowQueryToken) {
    decorators.push(
      ApiQuery({
        name: 'token',
        required: false,
        type: String,
        description: 'The JWT, for clients that cannot send an Authorization header',
      }),
    );
  }
  if (roles.length > 0) {
    decorators.push(
      ApiForbiddenResponse({
        type: ErrorResponseDto,
        description: `Requires role: ${roles.join(' or ')}`,
      }),
    );
  }
  return applyDecorators(...decorators);
};
