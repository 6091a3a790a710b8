import { DomainError } from '../errors';

/** Error codes of authentication and staff management (the SPA only reads `error`). */
export const AuthErrorCode = {
  MISSING_TOKEN: 'AUTH_MISSING_TOKEN',
  INVALID_TOKEN: 'AUTH_INVALID_TOKEN',
  REVOKED_TOKEN: 'AUTH_REVOKED_TOKEN',
  INVALID_CREDENTIALS: 'AUTH_INVALID_CREDENTIALS',
  ACCOUNT_DISABLED: 'AUTH_ACCOUNT_DISABLED',
  LOGIN_RATE_LIMITED: 'AUTH_LOGIN_RATE_LIMITED',
  INVALID_REFRESH_TOKEN: 'AUTH_INVALID_REFRESH_TOKEN',
  REFRESH_TOKEN_REUSED: 'AUTH_REFRESH_TOKEN_REUSED',
  INSUFFICIENT_ROLE: 'AUTH_INSUFFICIENT_ROLE',
  USERNAME_TAKEN: 'ADMIN_USERNAME_TAKEN',
  SELF_MODIFICATION: 'ADMIN_SELF_MODIFICATION',
  CURRENT_PASSWORD_REQUIRED: 'ADMIN_CURRENT_PASSWORD_REQUIRED',
  CURRENT_PASSWORD_INCORRECT: 'ADMIN_CURRENT_PASSWORD_INCORRECT',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

export const unauthorized = (code: AuthErrorCode, message: string): DomainError =>
  new DomainError('unauthorized', code, message);
