import { DynamicModule, ForwardReference, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { RawEnv } from '@app/config';
import { AppModule } from '../../apps/api/src/app.module';
import { API_APP_OPTIONS, configureApiApp } from '../../apps/api/src/bootstrap';
import { ApiConfig, loadApiConfig } from '../../apps/api/src/config/api.config';
import { TEST_JWT_SECRET } from './constants';
import { createTestDatabase, TestDatabase } from './database';
import { createTestRedis, TestRedis } from './redis';

export interface TestApi {
  app: NestExpressApplication;
  config: ApiConfig;
  db: TestDatabase;
  redis: TestRedis;
  close(): Promise<void>;
}

type Importable = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

export interface BootOptions {
  env?: RawEnv;
  /** Extra modules mounted next to the app (test-only controllers). */
  imports?: Importable[];
  /** Boot a second api process on another one's database and Redis namespace (replicas). */
  shareWith?: TestApi;
}

/** Environment every test app starts from; each test file layers its own DB and Redis prefix. */
export const baseTestEnv = (db: TestDatabase, redis: TestRedis): RawEnv => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: db.url,
  DATABASE_POOL_MAX: '5',
  REDIS_URL: redis.url,
  REDIS_KEY_PREFIX: redis.keyPrefix,
  ADMIN_JWT_SECRET: TEST_JWT_SECRET,
  // Cheap bcrypt: tests hash many passwords; production keeps the default cost.
  BCRYPT_COST: '4',
  CORS_ORIGINS: 'http://localhost:8001',
  // Suites fire thousands of requests per staff member; the budget has its own test.
  STAFF_RATE_LIMIT_PER_MINUTE: '1000000',
});

/** Boots the real api module graph on a fresh database and Redis namespace. */
export async function bootApi(options: BootOptions = {}): Promise<TestApi> {
  const shared = options.shareWith;
  const db = shared?.db ?? (await createTestDatabase());
  const redis = shared?.redis ?? (await createTestRedis());
  const config = loadApiConfig({ ...baseTestEnv(db, redis), ...options.env });

  @Module({ imports: [AppModule.forRoot(config), ...(options.imports ?? [])] })
  class TestRootModule {}

  const app = await NestFactory.create<NestExpressApplication>(TestRootModule, {
    ...API_APP_OPTIONS,
    logger: false,
  });
  configureApiApp(app, config);
  await app.init();
  return {
    app,
    config,
    db,
    redis,
    close: async () => {
      await app.close();
      if (shared) return; // the first process owns the database and the Redis namespace
      await redis.cleanup();
      await db.drop();
    },
  };
}
