import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { StreamOutboxEntity } from '@app/database';
import { parseEnvelope, StreamEnvelope } from '@app/domain';
import { StreamKeys } from './keys';
import { LIVE_EVENT_OUTBOX_TYPE, LiveEvent, LiveEventPublisher } from './live-events';
import { outboxRecords, UnpublishedOutboxRow } from './outbox-records';
import { StreamProducer } from './stream-producer.service';

/** How long the per-row publish marker lives; it only matters until the row is marked published. */
const PUBLISH_MARKER_TTL_SECONDS = 7 * 86_400;

/** Publishes one committed row's envelope; `marker` makes a repeated publish of it a no-op. */
type RowPublisher = (envelope: StreamEnvelope<object>, marker: string) => Promise<unknown>;

/**
 * Transactional outbox. `add()` writes envelopes inside the caller's transaction; `publishKey()`
 * (after commit) and the sweeper XADD them in order, each exactly once (a Redis marker per row
 * makes a repeated publish a no-op, the row is then marked published).
 */
@Injectable()
export class OutboxService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxService.name);
  /** Rows published by `publishRows` and not yet marked (see `markPublished`). */
  private readonly toMark = new Set<string>();
  private marking: Promise<void> | null = null;

  /** Rows of any message type not listed here are stream entries. */
  private readonly publishStreamEntry: RowPublisher = (envelope, marker) =>
    this.producer.enqueue(parseEnvelope(JSON.stringify(envelope)), {
      dedupeKey: marker,
      dedupeTtlSeconds: PUBLISH_MARKER_TTL_SECONDS,
    });

  /** How a row goes out, by its message type: a new kind of row is one entry here. */
  private readonly publishers: ReadonlyMap<string, RowPublisher> = new Map<string, RowPublisher>([
    [
      // A staff live event (LiveEventPublisher.stage): announced once, now that it committed.
      LIVE_EVENT_OUTBOX_TYPE,
      (envelope, marker) =>
        this.liveEvents.append(
          envelope.payload as unknown as LiveEvent,
          marker,
          PUBLISH_MARKER_TTL_SECONDS,
        ),
    ],
  ]);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly producer: StreamProducer,
    private readonly liveEvents: LiveEventPublisher,
  ) {}

  public async add(manager: EntityManager, envelopes: StreamEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    await manager.insert(
      StreamOutboxEntity,
      outboxRecords(envelopes).map((record) => ({
        messageType: record.message_type,
        orderingKey: record.ordering_key,
        envelope: record.envelope as StreamEnvelope<object>,
        position: record.position,
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
      for (const row of rows) await this.publishRow(row.id, row.messageType, row.envelope);
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

  /**
   * Publishes rows the caller read inside its own transaction (a turn's last statement returns
   * the conversation's unpublished rows), after commit, without reading or locking them again:
   * the per-row markers make a concurrent publisher's XADD of the same row a no-op, and every
   * publisher goes through a key's rows in order, so a row is never enqueued before an older
   * one of its key. Rows of other keys are left to `publishKey` of their key.
   */
  public async publishRows(
    key: string | null,
    rows: readonly UnpublishedOutboxRow[],
  ): Promise<number> {
    const own = rows.filter((row) => row.ordering_key === key);
    for (const row of own) await this.publishRow(row.id, row.message_type, row.envelope);
    if (own.length > 0) void this.markPublished(own.map((row) => row.id));
    let published = own.length;
    const otherKeys = new Set(
      rows.filter((row) => row.ordering_key !== key).map((r) => r.ordering_key),
    );
    for (const other of otherKeys) published += await this.publishKey(other);
    return published;
  }

  /** Waits for the published rows still being marked, so a clean stop leaves none unmarked. */
  public async beforeApplicationShutdown(): Promise<void> {
    await this.marking;
  }

  /**
   * Marks published rows in the background, one UPDATE at a time for all the rows gathered
   * meanwhile (one statement per busy moment instead of one per turn). Nothing waits for it:
   * the mark only spares the sweeper work, since a row the process dies before marking is
   * published again by the sweeper and its Redis marker makes that a no-op.
   */
  private markPublished(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.toMark.add(id);
    if (this.toMark.size > 0) this.marking ??= this.flushMarks();
    return this.marking ?? Promise.resolve();
  }

  private async flushMarks(): Promise<void> {
    await Promise.resolve(); // `marking` is assigned before anything below can clear it
    try {
      // The loop ends and `marking` is cleared in one synchronous step, so an id added at any
      // moment is either taken by this loop or starts the next one.
      while (this.toMark.size > 0) {
        const ids = [...this.toMark];
        this.toMark.clear();
        try {
          await this.dataSource.query(
            `UPDATE "stream_outbox" SET "published_at" = now()
             WHERE "id" = ANY($1::uuid[]) AND "published_at" IS NULL`,
            [ids],
          );
        } catch (error) {
          this.logger.warn(
            `could not mark ${ids.length} published outbox row(s), the sweeper will: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
        }
      }
    } finally {
      this.marking = null;
    }
  }

  public async pendingCount(): Promise<number> {
    return this.dataSource.getRepository(StreamOutboxEntity).countBy({ publishedAt: IsNull() });
  }

  private async publishRow(
    id: string,
    messageType: string,
    envelope: StreamEnvelope<object>,
  ): Promise<void> {
    const publish = this.publishers.get(messageType) ?? this.publishStreamEntry;
    await publish(envelope, StreamKeys.outbox(id));
  }
}
