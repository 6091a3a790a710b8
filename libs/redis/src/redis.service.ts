import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { BaseConfig } from '@app/config';

/**
 * Owns every Redis connection of the process. `client` serves ordinary commands; blocking
 * reads (XREADGROUP BLOCK) must use a `dedicated()` connection so they never stall other work.
 * All connections share the configured key prefix, so tests and deployments can share a server.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections = new Set<Redis>();
  public readonly client: Redis;

  public constructor(private readonly config: BaseConfig) {
    this.client = this.open('main');
  }

  public get keyPrefix(): string {
    return this.config.redis.keyPrefix;
  }

  public dedicated(name: string): Redis {
    return this.open(name);
  }

  /** PING with a deadline, for health checks: an unreachable Redis must not hang the probe. */
  public async ping(timeoutMs = 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.client.ping().then((reply) => reply === 'PONG'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  public async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.connections].map(async (connection) => {
        // QUIT on a connection that is down would wait in the offline queue forever.
        if (connection.status !== 'ready') {
          connection.disconnect();
          return;
        }
        try {
          await connection.quit();
        } catch {
          connection.disconnect();
        }
      }),
    );
    this.connections.clear();
  }

  private open(name: string): Redis {
    const options: RedisOptions = {
      keyPrefix: this.config.redis.keyPrefix || undefined,
      connectionName: `msia-${this.config.serviceName}-${name}`,
      connectTimeout: 5000,
      maxRetriesPerRequest: 2,
      // Reconnect forever with a capped backoff; callers see errors while it is down.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    };
    const connection = new Redis(this.config.redis.url, options);
    let lastError = '';
    connection.on('error', (error: Error) => {
      // One line per distinct error instead of one per reconnect attempt.
      if (error.message !== lastError) this.logger.warn(`redis ${name}: ${error.message}`);
      lastError = error.message;
    });
    connection.on('ready', () => {
      lastError = '';
    });
    this.connections.add(connection);
    return connection;
  }
}
