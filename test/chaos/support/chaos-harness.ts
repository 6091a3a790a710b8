import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { RawEnv } from '@app/config';
import { bootApi, TestApi } from '../../support/api';
import { FakeChatwoot, FakeChatwootFaults } from '../../support/fake-chatwoot';
import { TestRedis } from '../../support/redis';
import { seededRandom } from '../../support/random';
import { bootWorker, WorkerPool } from './worker-pool';

export const WEBHOOK_TOKEN = 'chaos-webhook-token-0123456789';

/**
 * Worker settings of every chaos run: quick takeover of a dead worker's entries (2 s idle, swept
 * every 500 ms) and a small concurrency, so the read-ahead fills up behind entries of killed
 * workers (the shape that used to stall). Scenarios add their own on top.
 */
export const CHAOS_WORKER_ENV: RawEnv = {
  WORKER_CONCURRENCY: '2',
  STREAM_CLAIM_MIN_IDLE_MS: '2000',
  STREAM_CLAIM_INTERVAL_MS: '500',
  STREAM_BLOCK_MS: '500',
  // Low enough that a worker stuck for a drain bound's share would say so on /health.
  STREAM_STALL_AFTER_MS: '30000',
  DATABASE_POOL_MAX: '4',
};

export interface ChaosHarnessOptions {
  seed: number;
  /** Redis of the api and the workers (default: the shared test Redis, a fresh key prefix). */
  redisUrl?: string;
  /** Migrated database of the api and the workers (default: a fresh clone on the shared server). */
  databaseUrl?: string;
  faults?: FakeChatwootFaults;
  workerEnv?: RawEnv;
}

/**
 * One chaos run's world: the api in-process (listening on a loopback port, so the load is real
 * HTTP), a fake Chatwoot, the panic button on, and a pool of worker processes. Everything is
 * torn down by destroy(), which afterEach calls whatever happened.
 */
export class ChaosHarness {
  public api!: TestApi;
  public chatwoot!: FakeChatwoot;
  public pool!: WorkerPool;
  /** Where the api and the workers keep their keys (url, prefix) and a raw client on it. */
  public redis!: TestRedis;
  public webhookUrl = '';
  public readonly random: () => number;
  /** What the test did when (kills, restarts…), for failure reports. */
  public readonly timeline: { at: number; what: string }[] = [];
  private ownRedisClient: Redis | null = null;

  private constructor(private readonly options: ChaosHarnessOptions) {
    this.random = seededRandom(options.seed);
  }

  public static async start(options: ChaosHarnessOptions): Promise<ChaosHarness> {
    const harness = new ChaosHarness(options);
    try {
      await harness.boot();
      return harness;
    } catch (error) {
      await harness.destroy();
      throw error;
    }
  }

  public mark(what: string): void {
    this.timeline.push({ at: Date.now(), what });
  }

  public get db(): DataSource {
    return this.api.app.get(DataSource);
  }

  private async boot(): Promise<void> {
    const faults = this.options.faults
      ? { random: seededRandom(this.options.seed + 1), ...this.options.faults }
      : null;
    this.chatwoot = await new FakeChatwoot(faults).start();
    const env: RawEnv = {
      CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      CHATWOOT_API_URL: this.chatwoot.url,
    };
    if (this.options.redisUrl) env.REDIS_URL = this.options.redisUrl;
    if (this.options.databaseUrl) env.DATABASE_URL = this.options.databaseUrl;
    this.api = await bootApi({ env });
    await this.api.app.listen(0, '127.0.0.1');
    const address = this.api.app.getHttpServer().address() as { port: number };
    this.webhookUrl = `http://127.0.0.1:${address.port}/webhook/chatwoot/${WEBHOOK_TOKEN}`;

    if (this.options.redisUrl) {
      // The api's own test namespace helper points at the shared Redis: use a client on ours.
      this.ownRedisClient = new Redis(this.options.redisUrl, {
        maxRetriesPerRequest: 1,
        retryStrategy: () => 200,
      });
      this.ownRedisClient.on('error', () => undefined);
    }
    const client = this.ownRedisClient;
    this.redis = client
      ? {
          url: this.options.redisUrl!,
          keyPrefix: this.api.redis.keyPrefix,
          raw: client,
          cleanup: () => Promise.resolve(client.disconnect()),
        }
      : this.api.redis;

    await this.setPanic();
    const databaseUrl = this.options.databaseUrl ?? this.api.db.url;
    this.pool = new WorkerPool(
      () =>
        bootWorker({ url: databaseUrl }, this.redis, this.chatwoot, {
          ...CHAOS_WORKER_ENV,
          ...this.options.workerEnv,
        }),
      this.random,
    );
  }

  /**
   * Panic button on (agent_enabled=false): every conversation gets exactly one reply, one
   * escalation, a note, a label and the bot attribute off, whatever the agent does.
   */
  private async setPanic(): Promise<void> {
    await this.db.query(`UPDATE system_settings SET value = 'false' WHERE key = 'agent_enabled'`);
    await this.redis.raw.del(`${this.redis.keyPrefix}system_setting:agent_enabled`);
  }

  public async destroy(): Promise<void> {
    const steps: (() => Promise<unknown>)[] = [
      () => this.pool?.destroy() ?? Promise.resolve(),
      () => this.api?.close() ?? Promise.resolve(),
      () => this.chatwoot?.stop() ?? Promise.resolve(),
      () => Promise.resolve(this.ownRedisClient?.disconnect()),
    ];
    const errors: unknown[] = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}
