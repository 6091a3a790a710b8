/**
 * Staff users and tokens for e2e tests.
 *
 *   const { token } = await loginAs(api, 'user');           // new `user`, logged in over HTTP
 *   await request(server).get('/api/admin/cases').set(bearer(token)).expect(200);
 *
 *   const staff = await createStaff(api, { role: 'admin', username: 'boss' });
 *   const token = await login(api, staff.username, staff.password);
 *
 * Users are inserted straight into the test database (bcrypt cost 4); tokens always come from
 * the real login route, so they pass the same checks as the admin SPA's.
 */
import { hash } from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminUserEntity } from '@app/database';
import { AdminRole } from '@app/domain';
import { TestApi } from './api';

export interface StaffUser {
  id: string;
  username: string;
  password: string;
  role: AdminRole;
  displayName: string | null;
}

export interface CreateStaffOptions {
  role?: AdminRole;
  /** Lower-case `[a-z0-9_]`, 3–50 characters; random when omitted. */
  username?: string;
  /** At least 8 characters; random when omitted (returned in the result). */
  password?: string;
  displayName?: string | null;
  isActive?: boolean;
}

export const randomUsername = (prefix = 'staff'): string =>
  `${prefix}_${randomBytes(5).toString('hex')}`;

/** Inserts a staff account and returns it with its plain password. */
export async function createStaff(
  api: TestApi,
  options: CreateStaffOptions = {},
): Promise<StaffUser> {
  const role = options.role ?? AdminRole.USER;
  const username = options.username ?? randomUsername(role);
  const password = options.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const repository = api.app.get(DataSource).getRepository(AdminUserEntity);
  const saved = await repository.save(
    repository.create({
      username,
      passwordHash: await hash(password, 4),
      role,
      displayName: options.displayName ?? null,
      isActive: options.isActive ?? true,
    }),
  );
  return { id: saved.id, username, password, role, displayName: saved.displayName };
}

/** Logs in over HTTP and returns the access token (fails the test on a non-200). */
export async function login(api: TestApi, username: string, password: string): Promise<string> {
  const res = await request(api.app.getHttpServer())
    .post('/api/admin/auth/login')
    .send({ username, password });
  if (res.status !== 200) {
    throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body.access_token as string;
}

/** A fresh staff member of `role`, logged in: `{ token, user }`. */
export async function loginAs(
  api: TestApi,
  role: AdminRole = AdminRole.ADMIN,
  options: Omit<CreateStaffOptions, 'role'> = {},
): Promise<{ token: string; user: StaffUser }> {
  const user = await createStaff(api, { ...options, role });
  return { token: await login(api, user.username, user.password), user };
}

/** `Authorization` header for supertest's `.set()`. */
export const bearer = (token: string): Record<string, string> => ({
  Authorization: `Bearer ${token}`,
});
