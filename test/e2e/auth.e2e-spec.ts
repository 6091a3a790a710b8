import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminAccessLogEntity, AdminRefreshTokenEntity } from '@app/database';
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, createStaff, login, loginAs } from '../support/auth';

const LOGIN = '/api/admin/auth/login';
const ME = '/api/admin/auth/me';
const LOGOUT = '/api/admin/auth/logout';
const REFRESH = '/api/admin/auth/refresh';

const decode = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

describe('admin auth (e2e)', () => {
  let api: TestApi;
  const server = () => api.app.getHttpServer();
  const accessLog = (username: string) =>
    api.app
      .get(DataSource)
      .getRepository(AdminAccessLogEntity)
      .find({ where: { username }, order: { createdAt: 'ASC' } });

  beforeAll(async () => {
    api = await bootApi({
      env: { LOGIN_MAX_FAILURES_PER_USERNAME: '3', LOGIN_MAX_FAILURES_PER_IP: '50' },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('login', () => {
    it('returns a real JWT with the claims clients read and the configured lifetime', async () => {
      const staff = await createStaff(api, { role: AdminRole.ADMIN, username: 'maria_01' });
      const res = await request(server())
        .post(LOGIN)
        .set('User-Agent', 'jest-agent')
        .send({ username: 'MARIA_01', password: staff.password })
        .expect(200);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 28800,
      });
      const claims = decode(res.body.access_token);
      expect(claims).toMatchObject({
        sub: 'maria_01',
        user_id: staff.id,
        role: 'admin',
        type: 'admin',
        jti: expect.any(String),
      });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(28800);

      const log = await accessLog('maria_01');
      expect(log.map((entry) => entry.action)).toEqual(['login']);
      expect(log[0]).toMatchObject({ userId: staff.id, userAgent: 'jest-agent' });
      expect(log[0]?.ipAddress).toMatch(/127\.0\.0\.1|::1/);
    });

    it('GET /me answers the SPA shape with the role from the database', async () => {
      const { token, user } = await loginAs(api, AdminRole.USER, { displayName: 'Ana' });
      const res = await request(server()).get(ME).set(bearer(token)).expect(200);
      expect(res.body).toEqual({
        id: user.id,
        username: user.username,
        display_name: 'Ana',
        role: 'user',
      });
    });

    it('rejects bad credentials with 401 in the error shape and logs every attempt', async () => {
      const staff = await createStaff(api, { username: 'pedro_02' });
      const wrong = await request(server())
        .post(LOGIN)
        .send({ username: 'pedro_02', password: 'wrong-password' })
        .expect(401);
      expect(wrong.body).toMatchObject({
        success: false,
        error: 'Credenciales inválidas',
        error_category: 'permission_error',
      });
      const unknown = await request(server())
        .post(LOGIN)
        .send({ username: 'nobody_here', password: 'whatever1' })
        .expect(401);
      expect(unknown.body.error).toBe(wrong.body.error); // no user enumeration

      const pedro = await accessLog('pedro_02');
      expect(pedro).toHaveLength(1);
      expect(pedro[0]).toMatchObject({
        userId: staff.id,
        action: 'login_failed',
        details: { reason: 'invalid_password' },
      });
      const nobody = await accessLog('nobody_here');
      expect(nobody[0]).toMatchObject({
        userId: null,
        action: 'login_failed',
        details: { reason: 'unknown_user' },
      });
    });

    it('a disabled account gets 401 only with the right password', async () => {
      const staff = await createStaff(api, { username: 'disabled_1', isActive: false });
      const res = await request(server())
        .post(LOGIN)
        .send({ username: staff.username, password: staff.password })
        .expect(401);
      expect(res.body.error_code).toBe('AUTH_ACCOUNT_DISABLED');
      const log = await accessLog('disabled_1');
      expect(log[0]?.details).toEqual({ reason: 'account_disabled' });
    });

    it('validates the body (422)', async () => {
      const res = await request(server()).post(LOGIN).send({ username: 'x' }).expect(422);
      expect(res.body.errors).toHaveProperty('password');
    });
  });

  describe('brute force', () => {
    it('locks a username after N failures with 429 + Retry-After, even for the right password', async () => {
      const staff = await createStaff(api, { username: 'target_1' });
      for (let i = 0; i < 3; i += 1) {
        await request(server())
          .post(LOGIN)
          .send({ username: 'target_1', password: `guess-${i}-x` })
          .expect(401);
      }
      const blocked = await request(server())
        .post(LOGIN)
        .send({ username: 'TARGET_1', password: staff.password })
        .expect(429);
      expect(blocked.body).toMatchObject({
        error_code: 'AUTH_LOGIN_RATE_LIMITED',
        error_category: 'rate_limit_error',
      });
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);

      const log = await accessLog('target_1');
      expect(log.map((entry) => entry.details?.reason)).toEqual([
        'invalid_password',
        'invalid_password',
        'invalid_password',
        'rate_limited',
      ]);
      // The counter lives in Redis (shared by replicas), under the app's key prefix.
      const keys = await api.redis.raw.keys(`${api.redis.keyPrefix}login_failures:user:target_1`);
      expect(keys).toHaveLength(1);
    });

    it('other usernames are not affected by one username’s lockout', async () => {
      const other = await createStaff(api, { username: 'bystander' });
      await login(api, other.username, other.password);
    });

    it('limits per client IP across usernames', async () => {
      const tight = await bootApi({
        env: { LOGIN_MAX_FAILURES_PER_USERNAME: '100', LOGIN_MAX_FAILURES_PER_IP: '2' },
      });
      try {
        const staff = await createStaff(tight, { username: 'ip_victim' });
        for (const name of ['spray_a', 'spray_b']) {
          await request(tight.app.getHttpServer())
            .post(LOGIN)
            .send({ username: name, password: 'password1' })
            .expect(401);
        }
        const res = await request(tight.app.getHttpServer())
          .post(LOGIN)
          .send({ username: staff.username, password: staff.password })
          .expect(429);
        expect(res.headers['retry-after']).toBeDefined();
      } finally {
        await tight.close();
      }
    });

    it('a successful login clears the username’s failure count', async () => {
      const staff = await createStaff(api, { username: 'forgetful' });
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < 2; i += 1) {
          await request(server())
            .post(LOGIN)
            .send({ username: staff.username, password: 'not-it-123' })
            .expect(401);
        }
        await login(api, staff.username, staff.password);
      }
    });
  });

  describe('token checks', () => {
    it('401 without a token, with a malformed one, a foreign signature or a wrong type', async () => {
      const { user } = await loginAs(api, AdminRole.ADMIN);
      await request(server()).get(ME).expect(401);
      await request(server()).get(ME).set('Authorization', 'Bearer not.a.jwt').expect(401);
      await request(server()).get(ME).set('Authorization', 'Basic abc').expect(401);
      const claims = { sub: user.username, user_id: user.id, role: 'admin', ver: 0, sid: 'x' };
      const foreign = new JwtService({ secret: 'another-secret-0123456789abcdef0123456789' });
      const forged = await foreign.signAsync({ ...claims, type: 'admin', jti: 'a' });
      const res = await request(server()).get(ME).set(bearer(forged)).expect(401);
      expect(res.body).toMatchObject({ success: false, error_category: 'permission_error' });
      const ours = api.app.get(JwtService);
      const wrongType = await ours.signAsync({ ...claims, type: 'customer', jti: 'b' });
      await request(server()).get(ME).set(bearer(wrongType)).expect(401);
      const expired = await ours.signAsync(
        { ...claims, type: 'admin', jti: 'c' },
        { expiresIn: -10 },
      );
      await request(server()).get(ME).set(bearer(expired)).expect(401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ ...claims, type: 'admin', jti: 'd', exp: 9999999999 }),
      ).toString('base64url')}.`;
      await request(server()).get(ME).set(bearer(none)).expect(401);
    });
  });

  describe('revocation', () => {
    it('logout revokes the token at once (jti blacklisted until exp) and is logged', async () => {
      const { token, user } = await loginAs(api, AdminRole.USER);
      const res = await request(server()).post(LOGOUT).set(bearer(token)).expect(200);
      expect(res.body).toEqual({ message: expect.any(String) });
      const after = await request(server()).get(ME).set(bearer(token)).expect(401);
      expect(after.body.error_code).toBe('AUTH_REVOKED_TOKEN');
      const jti = String(decode(token).jti);
      const ttl = await api.redis.raw.ttl(`${api.redis.keyPrefix}token_blacklist:${jti}`);
      expect(ttl).toBeGreaterThan(28000);
      expect(ttl).toBeLessThanOrEqual(28800);
      expect((await accessLog(user.username)).map((entry) => entry.action)).toEqual([
        'login',
        'logout',
      ]);
      // Another session of the same user is untouched.
      const other = await login(api, user.username, user.password);
      await request(server()).get(ME).set(bearer(other)).expect(200);
    });

    it('deactivation revokes every token of the user at once', async () => {
      const { token: adminToken } = await loginAs(api, AdminRole.ADMIN);
      const { token, user } = await loginAs(api, AdminRole.USER);
      await request(server()).get(ME).set(bearer(token)).expect(200); // warms the cache
      await request(server())
        .put(`/api/admin/admin-users/${user.id}`)
        .set(bearer(adminToken))
        .send({ is_active: false })
        .expect(200);
      await request(server()).get(ME).set(bearer(token)).expect(401);
      // Reactivation does not resurrect old tokens.
      await request(server())
        .put(`/api/admin/admin-users/${user.id}`)
        .set(bearer(adminToken))
        .send({ is_active: true })
        .expect(200);
      await request(server()).get(ME).set(bearer(token)).expect(401);
      await login(api, user.username, user.password);
    });

    it('a role change revokes the tokens and the new role applies to new ones', async () => {
      const { token: adminToken } = await loginAs(api, AdminRole.ADMIN);
      const { token, user } = await loginAs(api, AdminRole.ADMIN);
      await request(server()).get('/api/admin/access-log').set(bearer(token)).expect(200);
      await request(server())
        .put(`/api/admin/admin-users/${user.id}`)
        .set(bearer(adminToken))
        .send({ role: 'user' })
        .expect(200);
      await request(server()).get('/api/admin/access-log').set(bearer(token)).expect(401);
      const fresh = await login(api, user.username, user.password);
      await request(server()).get('/api/admin/access-log').set(bearer(fresh)).expect(403);
      const me = await request(server()).get(ME).set(bearer(fresh)).expect(200);
      expect(me.body.role).toBe('user');
    });

    it('a password change revokes the tokens; the new password works, the old does not', async () => {
      const { token, user } = await loginAs(api, AdminRole.USER);
      await request(server())
        .put(`/api/admin/admin-users/${user.id}/password`)
        .set(bearer(token))
        .send({ current_password: user.password, new_password: 'brand-new-pass-1' })
        .expect(200);
      await request(server()).get(ME).set(bearer(token)).expect(401);
      await request(server())
        .post(LOGIN)
        .send({ username: user.username, password: user.password })
        .expect(401);
      await login(api, user.username, 'brand-new-pass-1');
    });

    it('deleting a user revokes their tokens and keeps their access-log trail', async () => {
      const { token: adminToken } = await loginAs(api, AdminRole.ADMIN);
      const { token, user } = await loginAs(api, AdminRole.USER);
      await request(server()).get(ME).set(bearer(token)).expect(200);
      await request(server())
        .delete(`/api/admin/admin-users/${user.id}`)
        .set(bearer(adminToken))
        .expect(200);
      await request(server()).get(ME).set(bearer(token)).expect(401);
      const trail = await accessLog(user.username);
      expect(trail.map((entry) => [entry.action, entry.userId])).toEqual([['login', null]]);
    });
  });

  describe('access log', () => {
    it('GET /api/admin/access-log (admin) lists entries newest first with filters', async () => {
      const { token } = await loginAs(api, AdminRole.ADMIN);
      const staff = await createStaff(api, { username: 'logged_user' });
      await request(server())
        .post(LOGIN)
        .send({ username: 'logged_user', password: 'wrong-pass-1' })
        .expect(401);
      const session = await login(api, staff.username, staff.password);
      await request(server()).post(LOGOUT).set(bearer(session)).expect(200);

      const res = await request(server())
        .get(`/api/admin/access-log?user_id=${staff.id}`)
        .set(bearer(token))
        .expect(200);
      expect(res.body).toMatchObject({ total: 3, limit: 50, offset: 0, has_more: false });
      expect(res.body.items.map((item: { action: string }) => item.action)).toEqual([
        'logout',
        'login',
        'login_failed',
      ]);
      expect(res.body.items[2]).toEqual({
        id: expect.any(String),
        user_id: staff.id,
        username: 'logged_user',
        action: 'login_failed',
        ip_address: expect.any(String),
        user_agent: null,
        details: { reason: 'invalid_password' },
        created_at: expect.any(String),
      });

      const failed = await request(server())
        .get('/api/admin/access-log?action=login_failed&limit=2')
        .set(bearer(token))
        .expect(200);
      expect(failed.body.items).toHaveLength(2);
      expect(failed.body.has_more).toBe(true);
      expect(
        failed.body.items.every((item: { action: string }) => item.action === 'login_failed'),
      ).toBe(true);
      await request(server()).get('/api/admin/access-log?limit=0').set(bearer(token)).expect(422);
      await request(server())
        .get('/api/admin/access-log?action=hack')
        .set(bearer(token))
        .expect(422);
      await request(server()).get('/api/admin/access-log?user_id=1').set(bearer(token)).expect(422);
    });

    it('is admin-only', async () => {
      const { token } = await loginAs(api, AdminRole.USER);
      await request(server()).get('/api/admin/access-log').set(bearer(token)).expect(403);
    });
  });

  describe('refresh tokens', () => {
    const loginWithRefresh = async (username: string, password: string) =>
      (
        await request(server())
          .post(LOGIN)
          .send({ username, password, with_refresh_token: true })
          .expect(200)
      ).body;

    it('login with_refresh_token gives a short access token and a single-use rotating refresh token', async () => {
      const staff = await createStaff(api);
      const first = await loginWithRefresh(staff.username, staff.password);
      expect(first).toMatchObject({
        token_type: 'bearer',
        expires_in: 900,
        refresh_token: expect.any(String),
        refresh_expires_in: 14 * 24 * 3600,
      });
      const claims = decode(first.access_token);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(900);

      const second = (
        await request(server())
          .post(REFRESH)
          .send({ refresh_token: first.refresh_token })
          .expect(200)
      ).body;
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(decode(second.access_token).sid).toBe(claims.sid);
      await request(server()).get(ME).set(bearer(second.access_token)).expect(200);

      const third = (
        await request(server())
          .post(REFRESH)
          .send({ refresh_token: second.refresh_token })
          .expect(200)
      ).body;
      await request(server()).get(ME).set(bearer(third.access_token)).expect(200);

      // Only hashes are stored.
      const rows = await api.app
        .get(DataSource)
        .getRepository(AdminRefreshTokenEntity)
        .find({ where: { userId: staff.id } });
      expect(rows).toHaveLength(3);
      expect(rows.map((row) => row.tokenHash)).not.toContain(first.refresh_token);
    });

    it('reusing a used refresh token revokes the whole family', async () => {
      const staff = await createStaff(api);
      const first = await loginWithRefresh(staff.username, staff.password);
      const second = (
        await request(server())
          .post(REFRESH)
          .send({ refresh_token: first.refresh_token })
          .expect(200)
      ).body;
      const reuse = await request(server())
        .post(REFRESH)
        .send({ refresh_token: first.refresh_token })
        .expect(401);
      expect(reuse.body.error_code).toBe('AUTH_REFRESH_TOKEN_REUSED');
      // The legitimate holder's newer token is dead too.
      await request(server())
        .post(REFRESH)
        .send({ refresh_token: second.refresh_token })
        .expect(401);
      const log = await accessLog(staff.username);
      expect(log.map((entry) => entry.action)).toContain('refresh_reuse');
    });

    it('unknown, and logged-out refresh tokens are refused', async () => {
      await request(server())
        .post(REFRESH)
        .send({ refresh_token: 'x'.repeat(43) })
        .expect(401);
      const staff = await createStaff(api);
      const session = await loginWithRefresh(staff.username, staff.password);
      await request(server()).post(LOGOUT).set(bearer(session.access_token)).expect(200);
      const res = await request(server())
        .post(REFRESH)
        .send({ refresh_token: session.refresh_token })
        .expect(401);
      expect(res.body.error_code).toBe('AUTH_INVALID_REFRESH_TOKEN');
    });

    it('a password change revokes refresh tokens too', async () => {
      const { token: adminToken } = await loginAs(api, AdminRole.ADMIN);
      const staff = await createStaff(api);
      const session = await loginWithRefresh(staff.username, staff.password);
      await request(server())
        .put(`/api/admin/admin-users/${staff.id}/password`)
        .set(bearer(adminToken))
        .send({ new_password: 'another-pass-9' })
        .expect(200);
      await request(server())
        .post(REFRESH)
        .send({ refresh_token: session.refresh_token })
        .expect(401);
    });
  });
});
