import { Logger } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLogEntity, SystemSettingEntity } from '@app/database';
import { AdminRole } from '@app/domain';
import { SystemSettingsReader } from '@app/settings';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';

const SETTINGS = '/api/admin/settings';

describe('system settings (e2e)', () => {
  let api: TestApi;
  let adminToken: string;
  let userToken: string;
  const server = () => api.app.getHttpServer();
  const repo = () => api.app.get(DataSource).getRepository(SystemSettingEntity);

  beforeAll(async () => {
    api = await bootApi();
    adminToken = (await loginAs(api, AdminRole.ADMIN, { username: 'settings_admin' })).token;
    userToken = (await loginAs(api, AdminRole.USER)).token;
    await repo().save([
      repo().create({ key: 'max_images', value: '50', valueType: 'integer', isMutable: true }),
      repo().create({ key: 'routing', value: '{"a":1}', valueType: 'json', isMutable: true }),
      repo().create({ key: 'locked_key', value: 'x', valueType: 'string', isMutable: false }),
    ]);
  });

  afterAll(async () => {
    await api?.close();
  });

  const put = (key: string, value: unknown, token = adminToken) =>
    request(server()).put(`${SETTINGS}/${key}`).set(bearer(token)).send({ value });

  it('lists every setting (seeded panic button included) for any staff role', async () => {
    const res = await request(server()).get(SETTINGS).set(bearer(userToken)).expect(200);
    expect(res.body.has_more).toBe(false);
    expect(res.body.total).toBe(res.body.items.length);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'agent_enabled',
          value: 'true',
          value_type: 'boolean',
          is_mutable: true,
        }),
        expect.objectContaining({ key: 'agent_disabled_message', value_type: 'string' }),
      ]),
    );
  });

  it('GET one setting includes updated_at; 404 for an unknown key', async () => {
    const res = await request(server())
      .get(`${SETTINGS}/agent_enabled`)
      .set(bearer(userToken))
      .expect(200);
    expect(res.body).toMatchObject({ key: 'agent_enabled', updated_at: expect.any(String) });
    await request(server()).get(`${SETTINGS}/nope`).set(bearer(userToken)).expect(404);
  });

  it('PUT is admin-only (403 for user) and 403 when the setting is not mutable', async () => {
    await put('agent_enabled', false, userToken).expect(403);
    const res = await put('locked_key', 'y').expect(403);
    expect(res.body.error_code).toBe('SETTING_NOT_MUTABLE');
    await put('nope', 'y').expect(404);
  });

  it.each([
    ['agent_enabled', 'yes'],
    ['agent_enabled', 1],
    ['max_images', 'ten'],
    ['max_images', 1.5],
    ['max_images', true],
    ['routing', '{broken'],
    ['agent_disabled_message', 'x'.repeat(1001)],
  ])('rejects %s = %j with 400', async (key, value) => {
    const res = await put(key, value).expect(400);
    expect(res.body).toMatchObject({ success: false, error_code: 'SETTING_VALUE_INVALID' });
  });

  it.each([[null], [{ nested: true }], [[1, 2]]])(
    'rejects a value of %j with 422',
    async (value) => {
      await put('agent_disabled_message', value).expect(422);
    },
  );

  it.each([
    ['max_images', '25', '25'],
    ['max_images', 30, '30'],
    ['routing', '{"b":[1,2]}', '{"b":[1,2]}'],
    ['agent_disabled_message', 'Volvemos enseguida', 'Volvemos enseguida'],
  ])('stores %s = %j as %j', async (key, value, stored) => {
    const res = await put(key, value).expect(200);
    expect(res.body.value).toBe(stored);
    expect((await repo().findOneByOrFail({ key })).value).toBe(stored);
  });

  it('the panic button: a write invalidates the shared cache, is audited and logs PANIC BUTTON', async () => {
    const reader = api.app.get(SystemSettingsReader);
    expect(await reader.isAgentEnabled()).toBe(true); // now cached in Redis
    expect(
      await api.redis.raw.get(`${api.redis.keyPrefix}system_setting:agent_enabled`),
    ).not.toBeNull();

    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const res = await put('agent_enabled', 'FALSE').expect(200);
      expect(res.body.value).toBe('false');
      expect(await reader.isAgentEnabled()).toBe(false);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ event_type: 'panic_button', agent_enabled: false }),
        expect.stringContaining('PANIC BUTTON: Agent DISABLED by settings_admin'),
      );
    } finally {
      warn.mockRestore();
    }

    await put('agent_enabled', true).expect(200);
    expect(await reader.isAgentEnabled()).toBe(true);
    const setting = await repo().findOneByOrFail({ key: 'agent_enabled' });
    const audit = await api.app
      .get(DataSource)
      .getRepository(AuditLogEntity)
      .find({ where: { entityId: setting.id }, order: { createdAt: 'ASC' } });
    expect(audit.map((row) => [row.action, row.user, row.changes])).toEqual([
      ['update', 'settings_admin', { value: { old: 'true', new: 'false' } }],
      ['update', 'settings_admin', { value: { old: 'false', new: 'true' } }],
    ]);
  });

  it('the reader parses typed values and falls back for missing keys', async () => {
    const reader = api.app.get(SystemSettingsReader);
    await put('max_images', 42).expect(200);
    expect(await reader.getInteger('max_images', 0)).toBe(42);
    expect(await reader.get('routing')).toEqual({ b: [1, 2] });
    expect(await reader.getString('missing_key', 'fallback')).toBe('fallback');
    expect(await reader.getBoolean('missing_key', true)).toBe(true);
  });
});
