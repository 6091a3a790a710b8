import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, waitFor } from '../../support/process';
import { killQuietly, onProcessExit } from './exit-guard';

/**
 * A redis-server of the test's own (never the shared one): free port, loopback only, AOF with
 * fsync on every write and no RDB snapshots, data in a temp dir, so a kill -9 and a restart on
 * the same port and dir behave like production's AOF-backed Redis.
 */
export class ThrowawayRedis {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private readonly unregister: () => void;
  public restarts = 0;

  private constructor(
    public readonly port: number,
    public readonly dir: string,
  ) {
    this.unregister = onProcessExit(() => {
      killQuietly(this.child?.pid);
      rmSync(this.dir, { recursive: true, force: true });
    });
  }

  public get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  public static async start(): Promise<ThrowawayRedis> {
    const server = new ThrowawayRedis(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'msia-chaos-redis-')),
    );
    await server.launch();
    return server;
  }

  /** Starts redis-server (again) on the same port and dir and waits until it answers PING. */
  public async launch(): Promise<void> {
    if (this.child) throw new Error('redis-server is already running');
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        this.dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)),
    );
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)),
    );
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (this.child === child) this.child = null;
        resolve();
      }),
    );
    // PING answers only once the AOF is loaded (LOADING before), i.e. when clients can work.
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited: ${this.output}`);
        return (await this.ping()) === 'PONG';
      },
      20_000,
      50,
    );
  }

  /** kill -9: what the AOF (fsync always) holds survives, nothing else. */
  public async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SHUTDOWN (a clean stop: the AOF is flushed, clients see the connection close). */
  public async shutdown(): Promise<void> {
    if (!this.child) return;
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      await client.call('SHUTDOWN').catch(() => undefined); // the connection drops: expected
    } finally {
      client.disconnect();
    }
    await this.exited;
  }

  public async restart(downMs: number, how: 'kill' | 'shutdown' = 'kill'): Promise<void> {
    await (how === 'kill' ? this.kill() : this.shutdown());
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.launch();
    this.restarts += 1;
  }

  public async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
    this.unregister();
  }

  private async ping(): Promise<string | null> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 1000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await client.ping();
    } catch {
      return null;
    } finally {
      client.disconnect();
    }
  }
}
