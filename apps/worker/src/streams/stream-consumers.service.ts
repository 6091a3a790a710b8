import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { MessageType, StreamName } from '@app/domain';
import { HealthCheckResult, HealthService, ProcessRegistryService } from '@app/observability';
import { RedisService } from '@app/redis';
import { groupOf } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';
import { HandlerRegistry } from './handler-registry';
import { StreamConsumer } from './stream-consumer';
import { StreamHandler } from './stream-handler';
import { StreamMetrics } from './stream-metrics';

/** The streams this worker consumes. */
export const CONSUMED_STREAMS: readonly StreamName[] = [
  StreamName.INCOMING_MESSAGES,
  StreamName.OUTGOING_MESSAGES,
  StreamName.DOCUMENT_PROCESSING,
];

/**
 * Owns the consumers of this process: checks the handler registry when the module starts (boot
 * fails on a missing or duplicate handler), starts consuming once the app is up, and stops
 * first on shutdown, while the database and Redis are still open.
 */
@Injectable()
export class StreamConsumersService
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(StreamConsumersService.name);
  private readonly consumers: StreamConsumer[] = [];
  private handlers = new Map<MessageType, StreamHandler>();
  public readonly consumerName = `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;

  public constructor(
    private readonly registry: HandlerRegistry,
    private readonly redis: RedisService,
    private readonly config: WorkerConfig,
    private readonly metrics: StreamMetrics,
    private readonly health: HealthService,
    private readonly processRegistry: ProcessRegistryService,
  ) {}

  public onModuleInit(): void {
    this.handlers = this.registry.build(CONSUMED_STREAMS);
    this.health.register('streams', () => this.checkProgress());
    this.processRegistry.reportActivity(() => ({
      streams: [...CONSUMED_STREAMS],
      inFlight: this.inFlight(),
    }));
    // `stop` from the system page: finish running handlers, take no new work, stay up.
    this.processRegistry.handleStop({ stop: () => this.stopConsumers() });
  }

  /** Handlers running now, per stream. */
  public inFlight(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const stream of CONSUMED_STREAMS) counts[stream] = 0;
    for (const consumer of this.consumers) {
      const stream = consumer.progress().stream;
      counts[stream] = (counts[stream] ?? 0) + consumer.inFlight;
    }
    return counts;
  }

  /** Unhealthy when a consumer has work but acknowledged nothing for STREAM_STALL_AFTER_MS. */
  public checkProgress(): HealthCheckResult {
    const stalled = this.consumers
      .map((consumer) => consumer.progress())
      .filter((progress) => progress.stalled);
    if (stalled.length === 0) return { status: 'healthy' };
    return {
      status: 'unhealthy',
      detail: stalled
        .map((p) => `${p.stream}: no progress for ${Math.round(p.sinceProgressMs / 1000)} s`)
        .join('; '),
    };
  }

  public async onApplicationBootstrap(): Promise<void> {
    if (await this.processRegistry.isServiceStopped()) {
      this.processRegistry.markStopped();
      this.logger.warn('the agent service is stopped: not consuming until it is restarted');
      return;
    }
    for (const stream of CONSUMED_STREAMS) {
      const consumer = new StreamConsumer(
        this.redis.client,
        () => this.redis.dedicated(`${stream}-reader`),
        {
          ...this.config.streams,
          stream,
          group: groupOf(stream),
          consumerName: this.consumerName,
          maxAttempts:
            stream === StreamName.OUTGOING_MESSAGES
              ? this.config.deliveryMaxAttempts
              : this.config.incomingMaxAttempts,
        },
        (type) => this.handlers.get(type),
        this.metrics,
      );
      await consumer.start();
      this.consumers.push(consumer);
    }
  }

  public async onModuleDestroy(): Promise<void> {
    await this.stopConsumers();
  }

  /** Finishes running handlers (within the shutdown budget) and hands the rest back. */
  private async stopConsumers(): Promise<void> {
    const budget = Math.max(1000, this.config.shutdownTimeoutMs - 2000);
    const consumers = this.consumers.splice(0);
    await Promise.all(consumers.map((consumer) => consumer.stop(budget)));
    this.logger.log('stream consumers stopped');
  }
}
