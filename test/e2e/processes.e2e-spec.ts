import { TEST_JWT_SECRET } from '../support/constants';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort, spawnTs, waitFor, withTimeout } from '../support/process';
import { createTestRedis, TestRedis } from '../support/redis';

const UNUSED_DB_URL = 'postgres://postgres@127.0.0.1:5432/unused';

describe('process boot and shutdown (e2e, spawned processes)', () => {
  let db: TestDatabase;
  let redis: TestRedis;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
  });

  afterAll(async () => {
    await redis?.cleanup();
    await db?.drop();
  });

  it.each([
    [
      'api',
      'apps/api/src/main.ts',
      { ADMIN_JWT_SECRET: 'too-short', DATABASE_URL: UNUSED_DB_URL },
      /ADMIN_JWT_SECRET must be at least 32 characters/,
    ],
    [
      'api',
      'apps/api/src/main.ts',
      { ADMIN_JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'mysql://somewhere' },
      /DATABASE_URL must be a URL like postgres:\/\/host:port\/<name>/,
    ],
    [
      'worker',
      'apps/worker/src/main.ts',
      { WORKER_HTTP_PORT: 'eighty' },
      /WORKER_HTTP_PORT must be an integer number/,
    ],
  ])('%s refuses to boot with a bad variable (%#)', async (name, entry, env, message) => {
    const proc = spawnTs(entry, { NODE_ENV: 'test', ...env });
    const code = await withTimeout(proc.exited, 20000, `${name} exit`);
    expect(code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(1); // one clear line, no stack trace
    expect(lines[0]).toMatch(new RegExp(`^\\[${name}\\] Invalid configuration: `));
    expect(lines[0]).toMatch(message);
  });

  it('the worker serves /health and /metrics and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const worker = spawnTs('apps/worker/src/main.ts', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      WORKER_HTTP_PORT: String(port),
      WORKER_HTTP_HOST: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    try {
      const health = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
      }, 20000);
      expect(health).toEqual({
        status: 'healthy',
        service: 'worker',
        redis: 'healthy',
        postgres: 'healthy',
        checks: { streams: { status: 'healthy' } },
      });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('process_resident_memory_bytes');
      expect(metrics).toContain('service="worker"');

      worker.kill('SIGTERM');
      // SHUTDOWN_TIMEOUT_MS bounds the shutdown; a hang would fail here instead of passing late.
      const code = await withTimeout(worker.exited, 8000, 'worker shutdown');
      expect(code).toBe(0);
      expect(worker.output()).toContain('shutdown complete');
    } finally {
      worker.kill('SIGKILL');
    }
  });
});
