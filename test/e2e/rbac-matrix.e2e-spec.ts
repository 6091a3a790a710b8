/**
 * RBAC matrix generated from the live route table: every protected route (including those
 * added later by other modules) × {no token, bad token, revoked token, role user, role admin}.
 * Expected: 401, 401, 401, then 403 or allowed for `user` (by the route's declared roles) and
 * allowed for `admin`. "Allowed" = neither 401 nor 403 (an empty body may well be a 4xx).
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { AdminRole } from '@app/domain';
import { RouteDescriptor } from '../../apps/api/src/auth/route-table';
import { TokenService } from '../../apps/api/src/auth/token.service';
import { bootApi, TestApi } from '../support/api';
import { createStaff, login, StaffUser } from '../support/auth';
import { concretePath, liveRoutes } from '../support/routes';

type Credential = 'none' | 'bad' | 'revoked' | 'user' | 'admin';

/**
 * Status of a request, without waiting for the body: streaming routes (SSE, downloads) would
 * otherwise hold the test. The socket is closed as soon as the headers arrive.
 */
const statusOf = (port: number, method: string, path: string, token?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end(body);
  });

describe('RBAC matrix over the live route table (e2e)', () => {
  let api: TestApi;
  let port: number;
  let routes: RouteDescriptor[];
  let staff: Record<'user' | 'admin', StaffUser>;
  let revokedToken: string;

  beforeAll(async () => {
    api = await bootApi();
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    routes = liveRoutes(api.app).filter((route) => !route.isPublic);
    staff = {
      user: await createStaff(api, { role: AdminRole.USER }),
      admin: await createStaff(api, { role: AdminRole.ADMIN }),
    };
    revokedToken = await login(api, staff.admin.username, staff.admin.password);
    expect(await statusOf(port, 'POST', '/api/admin/auth/logout', revokedToken)).toBe(200);
  });

  afterAll(async () => {
    await api?.close();
  });

  /** A fresh token per request: some routes (logout) revoke the token they are called with. */
  const tokenFor = async (credential: Credential): Promise<string | undefined> => {
    switch (credential) {
      case 'none':
        return undefined;
      case 'bad':
        return 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
      case 'revoked':
        return revokedToken;
      default: {
        const user = staff[credential];
        const issued = await api.app
          .get(TokenService)
          .issueAccessToken(
            { id: user.id, username: user.username, role: user.role, tokenVersion: 0 },
            randomUUID(),
          );
        return issued.token;
      }
    }
  };

  const expectation = (route: RouteDescriptor, credential: Credential): string => {
    if (credential === 'none' || credential === 'bad' || credential === 'revoked') return '401';
    const allowed = route.roles === null ? [AdminRole.ADMIN] : route.roles;
    const permitted = allowed.length === 0 || allowed.includes(credential);
    return permitted ? 'allowed' : '403';
  };

  const outcome = (status: number): string =>
    status === 401 || status === 403 ? String(status) : 'allowed';

  it('covers the routes of this issue (the table is really read)', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /api/admin/auth/me',
        'POST /api/admin/auth/logout',
        'GET /api/admin/admin-users',
        'POST /api/admin/admin-users',
        'PUT /api/admin/admin-users/:id/password',
        'GET /api/admin/access-log',
        'PUT /api/admin/settings/:key',
      ]),
    );
  });

  it('admin-only operations of the role matrix declare role admin', () => {
    // README "Roles": only admin manages admin users, changes settings, reads the access log,
    // deletes customers/conversations/regulatory documents, reads token costs, reads service
    // logs and runs system/stream operations.
    const adminOnly = (route: RouteDescriptor): boolean => {
      const { method, path } = route;
      const write = method !== 'GET';
      return (
        (path.startsWith('/api/admin/admin-users') && write && !path.endsWith('/password')) ||
        path.startsWith('/api/admin/access-log') ||
        (path.startsWith('/api/admin/settings') && write) ||
        path.startsWith('/api/token-usage') ||
        (method === 'DELETE' &&
          /^\/api\/admin\/(users|conversations|regulatory-documents)\/:[^/]+$/.test(path)) ||
        (/^\/api\/admin\/(system|streams?|dead-letters?)(\/|$)/.test(path) && write) ||
        /^\/api\/admin\/system\/:[^/]+\/logs$/.test(path)
      );
    };
    const wrong = routes
      .filter(adminOnly)
      .filter((route) => JSON.stringify(route.roles) !== JSON.stringify([AdminRole.ADMIN]))
      .map((route) => `${route.method} ${route.path} declares ${JSON.stringify(route.roles)}`);
    expect(wrong).toEqual([]);
    expect(routes.filter(adminOnly).length).toBeGreaterThanOrEqual(5);
  });

  it('every protected route answers as its declared roles say', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const path = concretePath(route.path, randomUUID());
      for (const credential of ['none', 'bad', 'revoked', 'user', 'admin'] as Credential[]) {
        const status = await statusOf(port, route.method, path, await tokenFor(credential));
        const expected = expectation(route, credential);
        checked += 1;
        if (outcome(status) !== expected) {
          mismatches.push(
            `${route.method} ${route.path} as ${credential}: got ${status}, expected ${expected}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routes.length * 5);
  });
});
