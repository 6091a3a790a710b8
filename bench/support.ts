/* Shared plumbing for the benchmarks: a throw-away database and Redis namespace, the api and
 * the worker as real processes, and percentile maths. Benchmarks print figures; they never
 * assert. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RawEnv } from '@app/config';
import { buildDataSourceOptions, Migrator } from '@app/database';
import { CatalogueSeeder } from '../apps/api/src/catalogue/seed/catalogue-seeder';
import {
  TEST_JWT_SECRET,
  TEST_PG_ADMIN_URL,
  TEST_REDIS_URL,
  withDatabase,
} from '../test/support/constants';
import { FakeChatwoot } from '../test/support/fake-chatwoot';
import { freePort, spawnTs, SpawnedProcess, SpawnOptions, waitFor } from '../test/support/process';
import { TestRedis } from '../test/support/redis';
import { startWorker, TestWorker, WorkerProcessOptions } from '../test/support/worker';

export interface BenchEnv {
  dbUrl: string;
  redisUrl: string;
  keyPrefix: string;
  cleanup(): Promise<void>;
}

export async function benchEnv(): Promise<BenchEnv> {
  const name = `msia_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const dbUrl = withDatabase(TEST_PG_ADMIN_URL, name);
  const migrator = await Migrator.connect(dbUrl);
  await migrator.up();
  await migrator.close();
  const keyPrefix = `bench:${randomBytes(4).toString('hex')}:`;
  return {
    dbUrl,
    redisUrl: TEST_REDIS_URL,
    keyPrefix,
    cleanup: async () => {
      const redis = new Redis(TEST_REDIS_URL);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
      const pg = new Client({ connectionString: TEST_PG_ADMIN_URL });
      await pg.connect();
      await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await pg.end();
    },
  };
}

export async function startApi(
  env: BenchEnv,
  extra: Record<string, string>,
  nodeArgs: string[] = [],
  options: SpawnOptions = {},
): Promise<{ url: string; process: SpawnedProcess }> {
  const port = await freePort();
  const proc = spawnTs(
    'apps/api/src/main.ts',
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: env.dbUrl,
      REDIS_URL: env.redisUrl,
      REDIS_KEY_PREFIX: env.keyPrefix,
      ADMIN_JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_PASSWORD: 'bench-password-123',
      SWAGGER_ENABLED: 'false',
      ...extra,
    },
    nodeArgs,
    options,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health`)).ok, 60000).catch((error: Error) => {
    proc.kill('SIGKILL');
    throw new Error(`${error.message}\n${proc.output().slice(-2000)}`);
  });
  return { url, process: proc };
}

/** Seeds the default catalogue (the agent's quotes need it) into the bench database. */
export async function seedCatalogue(env: BenchEnv): Promise<void> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url: env.dbUrl, poolMax: 2, applicationName: 'msia-bench' }),
    logging: false,
  });
  await dataSource.initialize();
  try {
    await new CatalogueSeeder(dataSource).run();
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The worker's production stream, cache, delivery and agent timings and Chatwoot retries,
 * where the test harness's `workerEnv` shortens them to keep tests fast; a benchmark that
 * measures the deployed behaviour spreads this into its worker's environment.
 */
export const PRODUCTION_WORKER_TIMINGS: RawEnv = {
  SETTINGS_CACHE_TTL_MS: '2000',
  STREAM_BLOCK_MS: '2000',
  STREAM_CLAIM_MIN_IDLE_MS: '30000',
  STREAM_CLAIM_INTERVAL_MS: '5000',
  STREAM_RETRY_BASE_MS: '1000',
  STREAM_RETRY_MAX_MS: '60000',
  OUTBOX_SWEEP_INTERVAL_MS: '5000',
  DELIVERY_IMAGE_GAP_MS: '5000',
  AGENT_PHOTO_QUIET_MS: '5000',
  CHATWOOT_MAX_ATTEMPTS: '3',
};

/** The bench's Redis as the test harness describes it (only the URL and prefix are read). */
const benchRedis = (env: BenchEnv): TestRedis =>
  ({ url: env.redisUrl, keyPrefix: env.keyPrefix }) as TestRedis;

/** Production mode with warn logs: what every benchmark's worker runs with. */
const BENCH_WORKER_MODE: RawEnv = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };

/**
 * The worker as a real process on the bench database, Redis prefix and fake Chatwoot, in
 * production mode with warn logs (everything else is the test harness's unless `overrides`
 * says otherwise); resolves once its /health answers.
 */
export const startBenchWorker = (
  env: BenchEnv,
  chatwoot: FakeChatwoot,
  overrides: RawEnv = {},
  options: WorkerProcessOptions = {},
): Promise<TestWorker> =>
  startWorker(
    { url: env.dbUrl },
    benchRedis(env),
    chatwoot,
    { ...BENCH_WORKER_MODE, ...overrides },
    options,
  );

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);

export const summary = (label: string, latencies: number[], seconds: number): string => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rate = latencies.length / seconds;
  return (
    `${label.padEnd(34)} ${String(latencies.length).padStart(6)} req  ` +
    `${rate.toFixed(0).padStart(6)} req/s  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  ` +
    `p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms  max ${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} ms`
  );
};

export const stop = async (proc: SpawnedProcess): Promise<void> => {
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 8000);
  await proc.exited;
  clearTimeout(timer);
};

/** Password of the admin `startApi` creates (ADMIN_PASSWORD). */
export const BENCH_ADMIN_PASSWORD = 'bench-password-123';

/** Logs the bench admin in and returns its bearer token. */
export async function adminToken(apiUrl: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Resident set size of a process in MiB (NaN once it has exited). */
export const rssMiB = (pid: number | undefined): number => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
};

/** `--name value` / `--name=value` from the command line, else `fallback`. */
export const argValue = (name: string, fallback: string): string => {
  const args = process.argv.slice(2);
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const index = args.indexOf(`--${name}`);
  const next = index >= 0 ? args[index + 1] : undefined;
  return next !== undefined && !next.startsWith('--') ? next : fallback;
};

/** `--name` present on the command line. */
export const argFlag = (name: string): boolean => process.argv.slice(2).includes(`--${name}`);

// --- CPU accounting (Linux /proc): CPU time per message, independent of what else runs ----

/** utime + stime of a process in ms (Linux), null when unreadable. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // proc(5): fields 14 and 15 (utime, stime) in clock ticks (USER_HZ = 100 on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine in ms (Linux /proc/stat), null elsewhere. */
export function machineCpuMs(): { busy: number; total: number } | null {
  try {
    const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/);
    const values = ticks.filter(Boolean).slice(0, 8).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
    return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
  } catch {
    return null;
  }
}

export type CpuRole = 'worker' | 'api' | 'postgres' | 'bench';
export type CpuSnapshot = Map<string, { role: CpuRole; ms: number }>;

export async function cpuSnapshot(
  pg: Client,
  pids: { workers: number[]; api: number },
): Promise<CpuSnapshot> {
  const snapshot: CpuSnapshot = new Map();
  const { rows } = await pg.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const all: [CpuRole, number][] = [
    ...pids.workers.map((pid): [CpuRole, number] => ['worker', pid]),
    ['api', pids.api],
    ...rows.map((row): [CpuRole, number] => ['postgres', Number(row.pid)]),
  ];
  for (const [role, pid] of all) {
    const cpu = processCpuMs(pid);
    if (cpu !== null) snapshot.set(`${role}:${pid}`, { role, ms: cpu });
  }
  const own = process.cpuUsage();
  snapshot.set('bench', { role: 'bench', ms: (own.user + own.system) / 1000 });
  return snapshot;
}

export const cpuDelta = (before: CpuSnapshot, after: CpuSnapshot): Record<CpuRole, number> => {
  const delta: Record<CpuRole, number> = { worker: 0, api: 0, postgres: 0, bench: 0 };
  for (const [key, { role, ms }] of after) delta[role] += ms - (before.get(key)?.ms ?? 0);
  return delta;
};

/**
 * `--cpu-prof` is not allowed in NODE_OPTIONS, so the worker gets a preload that drives the
 * inspector's profiler: the first SIGUSR2 starts it, the second writes the profile.
 */
export function profilerPreload(outDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const file = join(dir, 'profile-preload.js');
  writeFileSync(
    file,
    `const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')));
    return;
  }
  session.post('Profiler.stop', (error, result) => {
    const app = (process.argv[1] || '').includes('/apps/api/') ? 'api' : 'worker';
    if (!error) writeFileSync(${JSON.stringify(resolve(outDir))} + '/' + app + '-' + process.pid + '.cpuprofile', JSON.stringify(result.profile));
  });
});
`,
  );
  return file;
}
