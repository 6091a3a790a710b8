import { RawEnv } from '@app/config';
import { FAKE_CHATWOOT_TOKEN, FakeChatwoot } from './fake-chatwoot';
import { freePort, spawnTs, SpawnedProcess, SpawnOptions, waitFor } from './process';
import { TestDatabase } from './database';
import { TestRedis } from './redis';

export interface TestWorker {
  process: SpawnedProcess;
  port: number;
  stop(): Promise<void>;
}

/** Environment of a worker process wired to a test database, Redis prefix and fake Chatwoot. */
export const workerEnv = (
  db: { url: string },
  redis: TestRedis,
  chatwoot: FakeChatwoot,
  overrides: RawEnv = {},
): RawEnv => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATABASE_URL: db.url,
  DATABASE_POOL_MAX: '4',
  REDIS_URL: redis.url,
  REDIS_KEY_PREFIX: redis.keyPrefix,
  WORKER_HTTP_HOST: '127.0.0.1',
  SHUTDOWN_TIMEOUT_MS: '5000',
  CHATWOOT_API_URL: chatwoot.url,
  CHATWOOT_API_TOKEN: FAKE_CHATWOOT_TOKEN,
  CHATWOOT_ACCOUNT_ID: '1',
  CHATWOOT_INBOX_ID: '3',
  CHATWOOT_TIMEOUT_MS: '5000',
  CHATWOOT_MAX_ATTEMPTS: '1',
  API_BASE_URL: chatwoot.url,
  STREAM_BLOCK_MS: '500',
  STREAM_CLAIM_MIN_IDLE_MS: '3000',
  STREAM_CLAIM_INTERVAL_MS: '500',
  STREAM_RETRY_BASE_MS: '200',
  STREAM_RETRY_MAX_MS: '1000',
  DELIVERY_IMAGE_GAP_MS: '100',
  SETTINGS_CACHE_TTL_MS: '0',
  RECONCILER_ENABLED: 'false',
  OUTBOX_SWEEP_INTERVAL_MS: '1000',
  // The fake Chatwoot serves attachments from loopback.
  DOWNLOAD_ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
  DOWNLOAD_MAX_ATTEMPTS: '2',
  AGENT_BURST_WINDOW_MS: '300',
  AGENT_PHOTO_QUIET_MS: '800',
  ...overrides,
});

/** How a worker process is started and stopped, beyond its environment. */
export interface WorkerProcessOptions extends SpawnOptions {
  /** Node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 8 s). */
  stopGraceMs?: number;
}

/** Spawns apps/worker as a real process and waits until its /health answers. */
export async function startWorker(
  db: TestDatabase | { url: string },
  redis: TestRedis,
  chatwoot: FakeChatwoot,
  overrides: RawEnv = {},
  { nodeArgs = [], stopGraceMs, ...spawnOptions }: WorkerProcessOptions = {},
): Promise<TestWorker> {
  const port = await freePort();
  const proc = spawnTs(
    'apps/worker/src/main.ts',
    workerEnv(db, redis, chatwoot, { WORKER_HTTP_PORT: String(port), ...overrides }),
    nodeArgs,
    spawnOptions,
  );
  try {
    await waitFor(async () => {
      if (proc.child.exitCode !== null) throw new Error(`worker exited: ${proc.output()}`);
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return res.status === 200;
    }, 30000);
  } catch (error) {
    proc.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${proc.output().slice(-3000)}`);
  }
  return testWorker(proc, port, stopGraceMs);
}

/** A started worker process: `stop()` sends SIGTERM and kills it if it is not gone in time. */
export const testWorker = (proc: SpawnedProcess, port: number, graceMs = 8000): TestWorker => ({
  process: proc,
  port,
  stop: async () => {
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
  },
});
