/** Actions written to admin_access_log (varchar(20)). */
export const ACCESS_LOG_ACTIONS = ['login', 'logout', 'login_failed', 'refresh_reuse'] as const;
export type AccessLogAction = (typeof ACCESS_LOG_ACTIONS)[number];

/** `details.reason` of a `login_failed` entry. */
export type LoginFailureReason =
  'unknown_user' | 'invalid_password' | 'account_disabled' | 'rate_limited';
