import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { hashSync } from 'bcryptjs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminUserEntity } from '@app/database';
import { AppModule } from '../../apps/api/src/app.module';
import { API_APP_OPTIONS } from '../../apps/api/src/bootstrap';
import { loadApiConfig } from '../../apps/api/src/config/api.config';
import { baseTestEnv, bootApi } from '../support/api';
import { login } from '../support/auth';
import { createTestDatabase } from '../support/database';
import { createTestRedis } from '../support/redis';

describe('first admin bootstrap (e2e)', () => {
  it('creates the admin from ADMIN_USERNAME + ADMIN_PASSWORD when the table is empty, once', async () => {
    const api = await bootApi({
      env: { ADMIN_USERNAME: 'Jefa', ADMIN_PASSWORD: 'first-admin-pass' },
    });
    try {
      const users = await api.app.get(DataSource).getRepository(AdminUserEntity).find();
      expect(users.map((user) => [user.username, user.role, user.isActive])).toEqual([
        ['jefa', 'admin', true],
      ]);
      expect(users[0]?.passwordHash).toMatch(/^\$2[aby]\$/);
      const token = await login(api, 'jefa', 'first-admin-pass');
      const me = await request(api.app.getHttpServer())
        .get('/api/admin/auth/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(me.body.role).toBe('admin');
    } finally {
      await api.close();
    }
  });

  it('accepts a bcrypt ADMIN_PASSWORD_HASH (e.g. an existing hash carried over)', async () => {
    const api = await bootApi({
      env: { ADMIN_USERNAME: 'legacy', ADMIN_PASSWORD_HASH: hashSync('legacy-password', 4) },
    });
    try {
      await login(api, 'legacy', 'legacy-password');
    } finally {
      await api.close();
    }
  });

  it('never creates a default admin without credentials (development: warning only)', async () => {
    const api = await bootApi();
    try {
      expect(await api.app.get(DataSource).getRepository(AdminUserEntity).count()).toBe(0);
      await request(api.app.getHttpServer())
        .post('/api/admin/auth/login')
        .send({ username: 'admin', password: 'admin123' })
        .expect(401);
    } finally {
      await api.close();
    }
  });

  it('refuses to start in production with an empty table and no credentials', async () => {
    const db = await createTestDatabase();
    const redis = await createTestRedis();
    const config = loadApiConfig({ ...baseTestEnv(db, redis), NODE_ENV: 'production' });
    @Module({ imports: [AppModule.forRoot(config)] })
    class ProductionRoot {}
    const app = await NestFactory.create<NestExpressApplication>(ProductionRoot, {
      ...API_APP_OPTIONS,
      logger: false,
    });
    try {
      await expect(app.init()).rejects.toThrow(/refusing to start.*ADMIN_PASSWORD/);
    } finally {
      await app.close().catch(() => undefined);
      await redis.cleanup();
      await db.drop();
    }
  });

  it('does not touch existing admins when the env credentials change later', async () => {
    const first = await bootApi({
      env: { ADMIN_USERNAME: 'owner', ADMIN_PASSWORD: 'owner-pass-1' },
    });
    try {
      const bootstrap = first.app.get(
        (await import('../../apps/api/src/auth/admin-bootstrap.service')).AdminBootstrapService,
      );
      expect(await bootstrap.ensureFirstAdmin()).toBe('exists');
      expect(await first.app.get(DataSource).getRepository(AdminUserEntity).count()).toBe(1);
    } finally {
      await first.close();
    }
  });
});
