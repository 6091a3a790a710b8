import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { StreamOutboxEntity } from '@app/database';
import { parseEnvelope, StreamEnvelope } from '@app/domain';
import { StreamKeys } from './keys';
import { LIVE_EVENT_OUTBOX_TYPE, LiveEvent, LiveEventPublisher } from './live-events';
import { StreamProducer, withTrace } from './stream-producer.service';

/** How long the per-row publish marker lives; it only matters until the row is marked published. */
const PUBLISH_MARKER_TTL_SECONDS = 7 * 86_400;

/**
 * Transactional outbox. `add()` writes envelopes inside the caller's transaction; `publishKey()`
 * (after commit) and the sweeper XADD them in order, each exactly once (a Redis marker per row
 * makes a repeated publish a no-op, the row is then marked published).
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly producer: StreamProducer,
    private readonly liveEvents: LiveEventPublisher,
  ) {}

  public async add(manager: EntityManager, envelopes: StreamEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    await manager.insert(
      StreamOutboxEntity,
      envelopes.map((envelope, position) => ({
        messageType: envelope.type,
        orderingKey: envelope.key,
        // Stamped now: publishing may happen later, outside the trace (the sweeper).
        envelope: withTrace(envelope) as StreamEnvelope<object>,
        position,
      })),
    );
  }

  /**
   * Stages staff live events inside the caller's transaction; `publishKey(key)` announces them
   * after commit (see LiveEventPublisher).
   */
  public async addLiveEvents(
    manager: EntityManager,
    key: string | null,
    events: readonly LiveEvent[],
  ): Promise<void> {
    await this.liveEvents.stage(manager, key, events);
  }

  /** Publishes the unpublished rows of one ordering key, oldest first. Returns how many. */
  public async publishKey(key: string | null): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // FOR UPDATE serialises publishers of the same key, so rows go out in their order.
      const rows = await manager
        .createQueryBuilder(StreamOutboxEntity, 'o')
        .where('o.published_at IS NULL')
        .andWhere(key === null ? 'o.ordering_key IS NULL' : 'o.ordering_key = :key', { key })
        .orderBy('o.created_at', 'ASC')
        .addOrderBy('o.position', 'ASC')
        .limit(500)
        .setLock('pessimistic_write')
        .getMany();
      for (const row of rows) {
        if (row.messageType === LIVE_EVENT_OUTBOX_TYPE) {
          // A staff live event (LiveEventPublisher.stage): announced once, now that it committed.
          await this.liveEvents.append(
            row.envelope.payload as unknown as LiveEvent,
            StreamKeys.outbox(row.id),
            PUBLISH_MARKER_TTL_SECONDS,
          );
          continue;
        }
        const envelope = parseEnvelope(JSON.stringify(row.envelope));
        await this.producer.enqueue(envelope, {
          dedupeKey: StreamKeys.outbox(row.id),
          dedupeTtlSeconds: PUBLISH_MARKER_TTL_SECONDS,
        });
      }
      if (rows.length > 0) {
        await manager.update(
          StreamOutboxEntity,
          rows.map((row) => row.id),
          { publishedAt: () => 'now()' },
        );
      }
      return rows.length;
    });
  }

  /** Publishes rows left behind by a crash between commit and publish. */
  public async sweep(olderThanMs: number): Promise<number> {
    const keys = await this.dataSource
      .createQueryBuilder(StreamOutboxEntity, 'o')
      .select('DISTINCT o.ordering_key', 'key')
      .where('o.published_at IS NULL')
      .andWhere(`o.created_at < now() - make_interval(secs => :secs)`, { secs: olderThanMs / 1000 })
      .limit(200)
      .getRawMany<{ key: string | null }>();
    let published = 0;
    for (const { key } of keys) {
      published += await this.publishKey(key);
    }
    if (published > 0)
      this.logger.warn(`outbox sweeper published ${published} stranded message(s)`);
    return published;
  }

  /** Forgets rows published long ago. */
  public async prune(olderThanHours: number): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(StreamOutboxEntity)
      .where('published_at < now() - make_interval(hours => :hours)', { hours: olderThanHours })
      .execute();
    return result.affected ?? 0;
  }

  public async pendingCount(): Promise<number> {
    return this.dataSource.getRepository(StreamOutboxEntity).countBy({ publishedAt: IsNull() });
  }
}
