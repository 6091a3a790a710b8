import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxService } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';

/** Publishes outbox rows stranded by a crash between commit and publish; prunes old rows. */
@Injectable()
export class OutboxSweeperService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxSweeperService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private sweeps = 0;

  public constructor(
    private readonly outbox: OutboxService,
    private readonly config: WorkerConfig,
  ) {}

  public onApplicationBootstrap(): void {
    const interval = this.config.outboxSweepIntervalMs;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.sweeps += 1;
      const prune = this.sweeps % 720 === 0;
      this.running = this.outbox
        .sweep(interval)
        .then(() => (prune ? this.outbox.prune(24) : 0))
        .catch((error: unknown) =>
          this.logger.warn(
            `outbox sweep failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => (this.running = null));
    }, interval);
  }

  public async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
