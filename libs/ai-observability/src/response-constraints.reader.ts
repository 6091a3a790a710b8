import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ResponseConstraintEntity } from '@app/database';
import { parseRequiredTools, ResponseConstraintRule } from '@app/domain';
import { RedisService } from '@app/redis';

/** Safety net only: writes invalidate every process at once through Redis pub/sub. */
export const RESPONSE_CONSTRAINTS_CACHE_TTL_MS = 60_000;

/**
 * The active response constraints, cached in process memory (they are read on every reply).
 * The api's CRUD calls `invalidate()` after each write: it clears this process's cache and
 * publishes on a Redis channel every process (api and workers) subscribes to.
 */
@Injectable()
export class ResponseConstraintsReader implements OnModuleInit {
  private readonly logger = new Logger(ResponseConstraintsReader.name);
  private cached: { rules: ResponseConstraintRule[]; loadedAt: number } | null = null;
  /** Bumped on every invalidation, so a load that raced with one is not cached. */
  private generation = 0;
  private loading: Promise<ResponseConstraintRule[]> | null = null;

  public constructor(
    @InjectRepository(ResponseConstraintEntity)
    private readonly constraints: Repository<ResponseConstraintEntity>,
    private readonly redis: RedisService,
  ) {}

  /** Channel names are not covered by the client's key prefix: add it here. */
  public get channel(): string {
    return `${this.redis.keyPrefix}response_constraints:changed`;
  }

  public async onModuleInit(): Promise<void> {
    const subscriber = this.redis.dedicated('constraints-sub');
    subscriber.on('message', (channel: string) => {
      if (channel === this.channel) this.clearLocal();
    });
    // On reconnect ioredis re-subscribes; a change missed meanwhile is bounded by the TTL.
    subscriber.on('ready', () => this.clearLocal());
    try {
      await subscriber.subscribe(this.channel);
    } catch (error) {
      this.logger.warn(`constraint invalidations not subscribed (TTL applies): ${String(error)}`);
    }
  }

  /** Active rules for a category: global ones plus the category's, highest priority first. */
  public async rulesFor(categoryId: string | null): Promise<ResponseConstraintRule[]> {
    const all = await this.allActive();
    return all.filter((rule) => rule.categoryId === null || rule.categoryId === categoryId);
  }

  /** Call after a committed write: drops every process's cached rules. */
  public async invalidate(): Promise<void> {
    this.clearLocal();
    try {
      await this.redis.client.publish(this.channel, String(Date.now()));
    } catch (error) {
      this.logger.warn(`constraint invalidation not published (TTL applies): ${String(error)}`);
    }
  }

  private clearLocal(): void {
    this.generation += 1;
    this.cached = null;
    this.loading = null;
  }

  private async allActive(): Promise<ResponseConstraintRule[]> {
    const cached = this.cached;
    if (cached && Date.now() - cached.loadedAt < RESPONSE_CONSTRAINTS_CACHE_TTL_MS)
      return cached.rules;
    if (!this.loading) {
      const generation = this.generation;
      const loading = this.load().then(
        (rules) => {
          if (generation === this.generation) this.cached = { rules, loadedAt: Date.now() };
          if (this.loading === loading) this.loading = null;
          return rules;
        },
        (error: unknown) => {
          if (this.loading === loading) this.loading = null;
          throw error;
        },
      );
      this.loading = loading;
    }
    try {
      return await this.loading;
    } catch (error) {
      // Replies must not fail because the guards could not be read: use the last known set.
      this.logger.warn(`response constraints not loaded: ${String(error)}`);
      return cached?.rules ?? [];
    }
  }

  private async load(): Promise<ResponseConstraintRule[]> {
    const rows = await this.constraints.find({
      where: { isActive: true },
      order: { priority: 'DESC', createdAt: 'ASC' },
    });
    return rows.map((row) => ({
      id: row.id,
      constraintType: row.constraintType,
      detectionPattern: row.detectionPattern,
      requiredTools: parseRequiredTools(row.requiredTool),
      errorInjection: row.errorInjection,
      priority: row.priority,
      categoryId: row.categoryId,
    }));
  }
}
