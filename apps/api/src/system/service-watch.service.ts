import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BaseConfig } from '@app/config';
import { ProcessKeys } from '@app/observability';
import { RedisService } from '@app/redis';
import { liveEvent, LiveEventPublisher, LiveEventType } from '@app/streams';

/**
 * Notices api and worker processes whose heartbeat expired (killed, hung, host lost — a clean
 * shutdown removes its own entry) and tells staff with a `service.down` live event. Every api
 * replica watches; removing the expired entry is the claim, so each is announced once.
 */
@Injectable()
export class ServiceWatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceWatchService.name);
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  public constructor(
    private readonly config: BaseConfig,
    private readonly redis: RedisService,
    private readonly liveEvents: LiveEventPublisher,
  ) {}

  public onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.check(),
      this.config.processRegistry.heartbeatIntervalMs,
    );
    this.timer.unref();
  }

  public onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Announces every instance whose heartbeat expired since the last check. */
  public async check(now = Date.now()): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    let announced = 0;
    try {
      const client = this.redis.client;
      const expired = await client.zrangebyscore(ProcessKeys.instances(), '-inf', now);
      for (const instanceId of expired) {
        const [removed, service] = ((await client
          .multi()
          .zrem(ProcessKeys.instances(), instanceId)
          .hget(ProcessKeys.instanceServices(), instanceId)
          .hdel(ProcessKeys.instanceServices(), instanceId)
          .exec()) ?? []) as [Error | null, unknown][];
        if (removed?.[1] !== 1) continue; // another replica announced it
        const name = typeof service?.[1] === 'string' ? service[1] : 'unknown';
        const remaining = (await client.zrangebyscore(ProcessKeys.instances(), now, '+inf')).length;
        this.logger.warn(`${name} instance ${instanceId} stopped heart-beating`);
        await this.liveEvents.publish(
          liveEvent(LiveEventType.SERVICE_DOWN, {
            service: name,
            instance_id: instanceId,
            reason: 'heartbeat expired',
            live_instances: remaining,
          }),
        );
        announced += 1;
      }
    } catch (error) {
      this.logger.warn(`service watch failed: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
    return announced;
  }
}
