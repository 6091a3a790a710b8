/** Staff roles. `user` runs day-to-day work; `admin` also manages staff, settings and the system. */
export const AdminRole = {
  ADMIN: 'admin',
  USER: 'user',
} as const;
export type AdminRole = (typeof AdminRole)[keyof typeof AdminRole];
export const ADMIN_ROLES: readonly AdminRole[] = [AdminRole.ADMIN, AdminRole.USER];

export const isAdminRole = (value: unknown): value is AdminRole =>
  typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
