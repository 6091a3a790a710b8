import request from 'supertest';
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, createStaff, login } from '../support/auth';

const LIMIT = 12;

/**
 * Every authenticated route counts against its staff member's per-minute budget, shared by all
 * api processes (Redis); public routes (webhook, health, public tariffs) do not.
 */
describe('per-staff request budget (e2e)', () => {
  let api: TestApi;
  let second: TestApi | null = null;

  beforeAll(async () => {
    api = await bootApi({ env: { STAFF_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  });

  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  it('answers 429 with Retry-After in the error shape past the budget, per user', async () => {
    const ana = await createStaff(api, { role: AdminRole.USER, username: 'ana_budget' });
    const luis = await createStaff(api, { role: AdminRole.ADMIN, username: 'luis_budget' });
    const anaToken = await login(api, ana.username, ana.password);
    const luisToken = await login(api, luis.username, luis.password);

    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) {
      const res = await request(api.app.getHttpServer())
        .get('/api/admin/auth/me')
        .set(bearer(anaToken));
      statuses.push(res.status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);

    const limited = await request(api.app.getHttpServer())
      .get('/api/admin/cases')
      .set(bearer(anaToken))
      .expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({
      success: false,
      error_code: 'RATE_LIMITED',
      error_category: 'rate_limit_error',
      context: { limit: LIMIT, retry_after_seconds: expect.any(Number) },
    });
    expect(typeof limited.body.error).toBe('string');

    // Another staff member has a budget of their own.
    await request(api.app.getHttpServer())
      .get('/api/admin/auth/me')
      .set(bearer(luisToken))
      .expect(200);
    // Public routes are never counted.
    for (let i = 0; i < 3; i += 1) {
      await request(api.app.getHttpServer()).get('/health').expect(200);
    }
  });

  it('is shared by api replicas (counted in Redis)', async () => {
    const eva = await createStaff(api, { role: AdminRole.USER, username: 'eva_budget' });
    const token = await login(api, eva.username, eva.password);
    // A second api process on the same database and Redis namespace.
    second = await bootApi({
      env: { STAFF_RATE_LIMIT_PER_MINUTE: String(LIMIT) },
      shareWith: api,
    });
    for (let i = 0; i < LIMIT; i += 1) {
      const target = i % 2 === 0 ? api : second;
      await request(target.app.getHttpServer())
        .get('/api/admin/auth/me')
        .set(bearer(token))
        .expect(200);
    }
    await request(second.app.getHttpServer())
      .get('/api/admin/auth/me')
      .set(bearer(token))
      .expect(429);
    await request(api.app.getHttpServer()).get('/api/admin/auth/me').set(bearer(token)).expect(429);
  });
});
