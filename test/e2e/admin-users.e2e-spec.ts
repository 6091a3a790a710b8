import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLogEntity } from '@app/database';
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, createStaff, login, loginAs, StaffUser } from '../support/auth';

const USERS = '/api/admin/admin-users';

describe('admin users (e2e)', () => {
  let api: TestApi;
  let admin: { token: string; user: StaffUser };
  const server = () => api.app.getHttpServer();
  const audit = (entityId: string) =>
    api.app
      .get(DataSource)
      .getRepository(AuditLogEntity)
      .find({ where: { entityId }, order: { createdAt: 'ASC' } });

  beforeAll(async () => {
    api = await bootApi();
    admin = await loginAs(api, AdminRole.ADMIN, { username: 'chief' });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('creates a user (201, lower-cased, created_by) and audits it without the password', async () => {
    const res = await request(server())
      .post(USERS)
      .set(bearer(admin.token))
      .send({ username: 'Nuevo_Gestor', password: 'password-123', display_name: 'Nuevo' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      username: 'nuevo_gestor',
      display_name: 'Nuevo',
      role: 'user',
      is_active: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      created_by: admin.user.id,
    });
    await login(api, 'nuevo_gestor', 'password-123');
    const rows = await audit(res.body.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      entityType: 'admin_user',
      action: 'create',
      user: 'chief',
      changes: { username: 'nuevo_gestor', role: 'user', display_name: 'Nuevo' },
    });
    expect(JSON.stringify(rows[0]?.changes)).not.toContain('password-123');
  });

  it('409 on a duplicate username (case-insensitive)', async () => {
    await createStaff(api, { username: 'dupe_name' });
    const res = await request(server())
      .post(USERS)
      .set(bearer(admin.token))
      .send({ username: 'DUPE_NAME', password: 'password-123' })
      .expect(409);
    expect(res.body).toMatchObject({ success: false, error_code: 'ADMIN_USERNAME_TAKEN' });
  });

  it.each([
    [{ username: 'ab', password: 'password-123' }, 'username'],
    [{ username: 'x'.repeat(51), password: 'password-123' }, 'username'],
    [{ username: 'bad-name', password: 'password-123' }, 'username'],
    [{ username: 'good_name', password: 'short' }, 'password'],
    [{ username: 'good_name', password: 'p'.repeat(129) }, 'password'],
    [{ username: 'good_name', password: 'password-123', role: 'root' }, 'role'],
  ])('validates %j (422 on %s)', async (body, field) => {
    const res = await request(server()).post(USERS).set(bearer(admin.token)).send(body).expect(422);
    expect(res.body.errors).toHaveProperty(field);
  });

  it('lists with filters and the spec envelope; limit is bounded', async () => {
    await createStaff(api, { role: AdminRole.ADMIN, username: 'list_admin' });
    await createStaff(api, { username: 'list_off', isActive: false });
    const res = await request(server())
      .get(`${USERS}?role=admin&limit=100`)
      .set(bearer(admin.token))
      .expect(200);
    expect(res.body).toMatchObject({ limit: 100, offset: 0, has_more: false });
    expect(res.body.items.every((item: { role: string }) => item.role === 'admin')).toBe(true);
    expect(res.body.total).toBe(res.body.items.length);
    const inactive = await request(server())
      .get(`${USERS}?is_active=false`)
      .set(bearer(admin.token))
      .expect(200);
    expect(inactive.body.items.map((item: { username: string }) => item.username)).toEqual([
      'list_off',
    ]);
    const paged = await request(server()).get(`${USERS}?limit=1&offset=0`).set(bearer(admin.token));
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.has_more).toBe(true);
    await request(server()).get(`${USERS}?limit=201`).set(bearer(admin.token)).expect(422);
    await request(server()).get(`${USERS}?is_active=maybe`).set(bearer(admin.token)).expect(422);
  });

  it('a user may read staff accounts but not change them', async () => {
    const { token } = await loginAs(api, AdminRole.USER);
    const target = await createStaff(api);
    await request(server()).get(USERS).set(bearer(token)).expect(200);
    await request(server()).get(`${USERS}/${target.id}`).set(bearer(token)).expect(200);
    await request(server())
      .put(`${USERS}/${target.id}`)
      .set(bearer(token))
      .send({ display_name: 'x' })
      .expect(403);
  });

  it('404 for an unknown id, 400 for a malformed one', async () => {
    await request(server())
      .get(`${USERS}/3f1c0c36-9d9e-4c53-8a8e-6d0d3f1c0c36`)
      .set(bearer(admin.token))
      .expect(404);
    const res = await request(server()).get(`${USERS}/not-a-uuid`).set(bearer(admin.token));
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
  });

  it('updates display name / role / active and audits only what changed', async () => {
    const target = await createStaff(api, { displayName: 'Old' });
    const res = await request(server())
      .put(`${USERS}/${target.id}`)
      .set(bearer(admin.token))
      .send({ display_name: 'New', role: 'admin' })
      .expect(200);
    expect(res.body).toMatchObject({ display_name: 'New', role: 'admin', is_active: true });
    const rows = await audit(target.id);
    expect(rows.at(-1)).toMatchObject({
      action: 'update',
      user: 'chief',
      changes: { display_name: { old: 'Old', new: 'New' }, role: { old: 'user', new: 'admin' } },
    });
  });

  describe('self-protection', () => {
    it('an admin cannot change their own role or deactivate themselves (400)', async () => {
      const self = await loginAs(api, AdminRole.ADMIN);
      const role = await request(server())
        .put(`${USERS}/${self.user.id}`)
        .set(bearer(self.token))
        .send({ role: 'user' })
        .expect(400);
      expect(role.body.error_code).toBe('ADMIN_SELF_MODIFICATION');
      await request(server())
        .put(`${USERS}/${self.user.id}`)
        .set(bearer(self.token))
        .send({ is_active: false })
        .expect(400);
      // Harmless self-edits are fine.
      await request(server())
        .put(`${USERS}/${self.user.id}`)
        .set(bearer(self.token))
        .send({ display_name: 'Me', role: 'admin', is_active: true })
        .expect(200);
      await request(server()).get('/api/admin/auth/me').set(bearer(self.token)).expect(200);
    });

    it('an admin cannot delete themselves (400); deleting someone else works and is audited', async () => {
      const self = await loginAs(api, AdminRole.ADMIN);
      await request(server())
        .delete(`${USERS}/${self.user.id}`)
        .set(bearer(self.token))
        .expect(400);
      const victim = await createStaff(api, { username: 'to_delete' });
      const res = await request(server())
        .delete(`${USERS}/${victim.id}`)
        .set(bearer(self.token))
        .expect(200);
      expect(res.body.message).toEqual(expect.any(String));
      await request(server()).get(`${USERS}/${victim.id}`).set(bearer(self.token)).expect(404);
      expect((await audit(victim.id)).at(-1)).toMatchObject({
        action: 'delete',
        user: self.user.username,
        changes: { username: 'to_delete', role: 'user' },
      });
    });
  });

  describe('password changes', () => {
    it('a user changes their own password only with the current one', async () => {
      const { token, user } = await loginAs(api, AdminRole.USER);
      const missing = await request(server())
        .put(`${USERS}/${user.id}/password`)
        .set(bearer(token))
        .send({ new_password: 'another-pass-1' })
        .expect(400);
      expect(missing.body.error_code).toBe('ADMIN_CURRENT_PASSWORD_REQUIRED');
      const wrong = await request(server())
        .put(`${USERS}/${user.id}/password`)
        .set(bearer(token))
        .send({ current_password: 'nope-nope', new_password: 'another-pass-1' })
        .expect(400);
      expect(wrong.body.error_code).toBe('ADMIN_CURRENT_PASSWORD_INCORRECT');
      await request(server())
        .put(`${USERS}/${user.id}/password`)
        .set(bearer(token))
        .send({ current_password: user.password, new_password: 'another-pass-1' })
        .expect(200);
      await login(api, user.username, 'another-pass-1');
    });

    it('a user cannot change someone else’s password (403)', async () => {
      const { token } = await loginAs(api, AdminRole.USER);
      const other = await createStaff(api);
      await request(server())
        .put(`${USERS}/${other.id}/password`)
        .set(bearer(token))
        .send({ current_password: other.password, new_password: 'hijacked-123' })
        .expect(403);
      await login(api, other.username, other.password);
    });

    it('an admin changes anyone’s password without the current one; it is audited', async () => {
      const other = await createStaff(api);
      await request(server())
        .put(`${USERS}/${other.id}/password`)
        .set(bearer(admin.token))
        .send({ new_password: 'reset-by-admin-1' })
        .expect(200);
      await login(api, other.username, 'reset-by-admin-1');
      const rows = await audit(other.id);
      expect(rows.at(-1)).toMatchObject({
        action: 'update',
        user: 'chief',
        changes: { password: { changed: true } },
      });
    });

    it('an admin changing their own password needs the current one (nothing changes otherwise)', async () => {
      const own = await loginAs(api, AdminRole.ADMIN);
      const path = `${USERS}/${own.user.id}/password`;
      const missing = await request(server())
        .put(path)
        .set(bearer(own.token))
        .send({ new_password: 'taken-over-123' })
        .expect(400);
      expect(missing.body).toMatchObject({
        success: false,
        error_code: 'ADMIN_CURRENT_PASSWORD_REQUIRED',
      });
      const wrong = await request(server())
        .put(path)
        .set(bearer(own.token))
        .send({ current_password: 'not-mine-123', new_password: 'taken-over-123' })
        .expect(400);
      expect(wrong.body.error_code).toBe('ADMIN_CURRENT_PASSWORD_INCORRECT');
      await request(server())
        .put(path)
        .set(bearer(own.token))
        .send({ current_password: null, new_password: 'taken-over-123' })
        .expect(422);
      // The token still works and the old password still logs in.
      await request(server()).get('/api/admin/auth/me').set(bearer(own.token)).expect(200);
      await login(api, own.user.username, own.user.password);
      await request(server())
        .put(path)
        .set(bearer(own.token))
        .send({ current_password: own.user.password, new_password: 'changed-by-me-1' })
        .expect(200);
      await login(api, own.user.username, 'changed-by-me-1');
    });

    it('validates the new password length (422)', async () => {
      const res = await request(server())
        .put(`${USERS}/${admin.user.id}/password`)
        .set(bearer(admin.token))
        .send({ new_password: 'short' })
        .expect(422);
      expect(res.body.errors).toHaveProperty('new_password');
    });
  });
});
