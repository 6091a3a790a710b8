import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthErrorCode, unauthorized } from '@app/domain';
import { AuthenticatedAdmin, AuthenticatedRequest, AuthSession } from './auth-request';

export type { AuthenticatedAdmin } from './auth-request';

/**
 * The authenticated staff member `{ id, username, role, displayName }` of an `@Authenticated()`
 * route. Role and display name come from the database (cached), never from the token.
 */
export const CurrentAdmin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedAdmin => {
    const admin = context.switchToHttp().getRequest<AuthenticatedRequest>().admin;
    // Only reachable when a @Public() route asks for the admin: a programming error, but 401.
    if (!admin) throw unauthorized(AuthErrorCode.MISSING_TOKEN, 'No autenticado');
    return admin;
  },
);

/** The access token of the request (jti, exp, session id): used by logout. */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthSession => {
    const session = context.switchToHttp().getRequest<AuthenticatedRequest>().authSession;
    if (!session) throw unauthorized(AuthErrorCode.MISSING_TOKEN, 'No autenticado');
    return session;
  },
);
