import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { BaseConfig } from '@app/config';
import { RedisService } from '@app/redis';
import { HealthService } from '../health.service';
import { requestGracefulExit } from '../shutdown';
import { CapturedError, logSinkFor, ProcessLogSink } from './log-sink';
import {
  ControlMessage,
  parseControlMessage,
  ProcessHeartbeat,
  ProcessKeys,
  processServiceName,
  ProcessState,
} from './process-keys';

/** Lines and error groups go out this often (one pipeline / a few upserts per interval). */
const FLUSH_INTERVAL_MS = 1000;
/** Lets the HTTP answer that asked for a restart leave before this api process drains. */
const RESTART_DELAY_MS = 250;

export interface ProcessActivity {
  streams: string[];
  inFlight: Record<string, number>;
}

/** How a process stops its work without exiting (the worker: its stream consumers). */
export interface ProcessWorkControl {
  stop(): Promise<void>;
}

const readVersion = (): string => {
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
};

/** Upsert of one error group: a repeat of an unresolved error bumps its row. */
const UPSERT_ERROR_SQL = `
  INSERT INTO container_error_logs
    (service_name, container_name, level, message, stack_trace, context, log_timestamp, raw_log,
     status, fingerprint, occurrence_count, last_seen_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11)
  ON CONFLICT (fingerprint) WHERE status <> 'resolved'
  DO UPDATE SET
    occurrence_count = container_error_logs.occurrence_count + EXCLUDED.occurrence_count,
    last_seen_at = GREATEST(container_error_logs.last_seen_at, EXCLUDED.last_seen_at),
    container_name = EXCLUDED.container_name`;

/**
 * This process as the system page sees it: a heartbeat in Redis (expires when the process
 * dies), its recent log lines in a capped Redis stream, its error-level lines grouped into
 * `container_error_logs`, and a listener for restart/stop requests. Everything is written in
 * batches off the logging path; a Redis or database outage delays it, never fails the process.
 */
@Injectable()
export class ProcessRegistryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProcessRegistryService.name);
  private readonly sink: ProcessLogSink;
  private readonly startedAt = new Date().toISOString();
  private readonly version = readVersion();
  private state: ProcessState = 'running';
  private activity: () => ProcessActivity = () => ({ streams: [], inFlight: {} });
  private workControl: ProcessWorkControl | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private subscriber: Redis | null = null;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  public constructor(
    private readonly config: BaseConfig,
    private readonly redis: RedisService,
    private readonly dataSource: DataSource,
    private readonly health: HealthService,
  ) {
    this.sink = logSinkFor(
      config,
      processServiceName(config.serviceName),
      config.processRegistry.logRingSize,
    );
  }

  public get instanceId(): string {
    return this.sink.instanceId;
  }

  public get service(): ProcessHeartbeat['service'] {
    return this.sink.service;
  }

  /** Streams and running handlers reported in each heartbeat. */
  public reportActivity(activity: () => ProcessActivity): void {
    this.activity = activity;
  }

  /** Makes `stop` requests pause this process's work instead of being ignored. */
  public handleStop(control: ProcessWorkControl): void {
    this.workControl = control;
  }

  /** True when the service was stopped from the system page and not restarted since. */
  public async isServiceStopped(): Promise<boolean> {
    try {
      return (await this.redis.client.exists(ProcessKeys.stopped(this.service))) === 1;
    } catch {
      return false;
    }
  }

  /** Marks this process idle (its work was not started because the service is stopped). */
  public markStopped(): void {
    this.state = 'stopped';
  }

  public onApplicationBootstrap(): void {
    const interval = this.config.processRegistry.heartbeatIntervalMs;
    this.heartbeatTimer = setInterval(() => void this.beat(), interval);
    this.heartbeatTimer.unref();
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.flushTimer.unref();
    // Never holds up the boot: Redis may be down, the process must start anyway.
    void this.beat();
    this.listen();
  }

  public async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.subscriber?.disconnect();
    this.subscriber = null;
    await this.flush();
    try {
      await this.redis.client
        .multi()
        .del(ProcessKeys.instance(this.instanceId))
        .zrem(ProcessKeys.instances(), this.instanceId)
        .hdel(ProcessKeys.instanceServices(), this.instanceId)
        .exec();
    } catch {
      // The heartbeat expires on its own.
    }
  }

  /** Writes the heartbeat now (also used when the state changes). */
  public async beat(): Promise<void> {
    const ttlMs = this.config.processRegistry.heartbeatIntervalMs * 3;
    try {
      const report = await this.health.check();
      const activity = this.activity();
      const heartbeat: ProcessHeartbeat = {
        instance_id: this.instanceId,
        service: this.service,
        host: hostname(),
        pid: process.pid,
        version: this.version,
        started_at: this.startedAt,
        last_seen: new Date().toISOString(),
        state: this.state,
        health: report.status,
        streams: activity.streams,
        in_flight: activity.inFlight,
      };
      await this.redis.client
        .multi()
        .set(ProcessKeys.instance(this.instanceId), JSON.stringify(heartbeat), 'PX', ttlMs)
        .zadd(ProcessKeys.instances(), Date.now() + ttlMs, this.instanceId)
        .hset(ProcessKeys.instanceServices(), this.instanceId, this.service)
        // Expired entries are left a while for the api's watcher, which announces them
        // (`service.down`); this only bounds the set when no api runs.
        .zremrangebyscore(ProcessKeys.instances(), '-inf', Date.now() - ttlMs * 10)
        .exec();
    } catch (error) {
      this.logger.warn(`heartbeat failed: ${describe(error)}`);
    }
  }

  /** Sends buffered lines to Redis and error groups to PostgreSQL (one flush at a time). */
  public flush(): Promise<void> {
    this.flushing ??= this.flushNow().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    const lines = this.sink.drainLines();
    if (lines.length > 0) {
      try {
        const pipeline = this.redis.client.pipeline();
        const key = ProcessKeys.logs(this.service);
        for (const line of lines) {
          pipeline.xadd(
            key,
            'MAXLEN',
            '~',
            this.config.processRegistry.logRingSize,
            '*',
            'i',
            this.instanceId,
            't',
            String(line.time),
            'l',
            line.level,
            'm',
            line.text,
          );
        }
        await pipeline.exec();
      } catch {
        // Recent lines are best effort: a Redis outage loses them, stdout still has them.
      }
    }
    const errors = this.sink.drainErrors();
    const dropped = this.sink.takeDroppedErrorCount();
    if (dropped > 0) {
      this.logger.warn(`${dropped} error occurrences not recorded: too many distinct errors`);
    }
    if (errors.length === 0) return;
    const failed: CapturedError[] = [];
    for (const error of errors) {
      try {
        await this.dataSource.query(UPSERT_ERROR_SQL, [
          this.service,
          this.instanceId.slice(0, 100),
          error.level,
          error.message,
          error.stack,
          error.context ? JSON.stringify(error.context) : null,
          error.firstAt,
          error.raw,
          error.fingerprint,
          error.count,
          error.lastAt,
        ]);
      } catch (cause) {
        failed.push(error);
        // warn, not error: an error line here would be captured and retried forever.
        this.logger.warn(`error capture write failed: ${describe(cause)}`);
      }
    }
    if (failed.length > 0) this.sink.requeueErrors(failed);
  }

  private listen(): void {
    const subscriber = this.redis.dedicated('control');
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, raw: string) => {
      const message = parseControlMessage(raw);
      if (message) void this.obey(message);
    });
    // ioredis re-subscribes by itself after a reconnect.
    subscriber
      .subscribe(ProcessKeys.controlChannel(this.redis.keyPrefix))
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.warn(`control channel unavailable: ${describe(error)}`);
      });
  }

  private async obey(message: ControlMessage): Promise<void> {
    if (this.stopped || message.service !== this.service) return;
    if (message.instance_id && message.instance_id !== this.instanceId) return;
    if (message.action === 'stop') {
      if (!this.workControl || this.state !== 'running') return;
      this.logger.warn(`stop requested by ${message.requested_by}: finishing running work`);
      this.state = 'draining';
      await this.beat();
      await this.workControl.stop();
      this.state = 'stopped';
      this.logger.warn('stopped: no new work is taken until the service is restarted');
      await this.beat();
      return;
    }
    this.logger.warn(`restart requested by ${message.requested_by}: draining and exiting`);
    const previous = this.state;
    this.state = 'draining';
    await this.beat();
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    if (!requestGracefulExit(`restart requested by ${message.requested_by}`)) {
      this.logger.warn('restart ignored: this process has no supervised shutdown');
      this.state = previous;
      await this.beat();
    }
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
