import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { compareStreamIds } from '@app/domain';
import { RedisService } from '@app/redis';
import { LIVE_EVENTS_STREAM, LiveEvent, parseLiveEvent } from '@app/streams';

/** One connected client: receives every event after its attach point, in stream order. */
export interface LiveEventSubscriber {
  deliver(id: string, event: LiveEvent): void;
}

export interface LiveEntry {
  id: string;
  event: LiveEvent;
}

/** How long one blocking read waits; bounds how long the reader outlives its last client. */
const BLOCK_MS = 5000;
const READ_COUNT = 200;
const BACKLOG_PAGE = 500;
/** A resume never replays more than this (older ones: the client reloads its lists). */
const BACKLOG_MAX = 5000;

type RawEntries = [string, string[]][];

/**
 * One blocking XREAD loop per api process over the live-events stream, fanned out to every
 * SSE client of the process (N clients = one Redis connection, not N). The loop runs while at
 * least one client is connected and stops within one block interval after the last leaves;
 * on shutdown its connection is dropped at once, so no blocking read outlives the app.
 */
@Injectable()
export class LiveEventsHub implements OnModuleDestroy {
  private readonly logger = new Logger(LiveEventsHub.name);
  private readonly subscribers = new Set<LiveEventSubscriber>();
  private reader: Redis | null = null;
  private loop: Promise<void> | null = null;
  /** Resolves once the loop knows its starting point. */
  private ready: Promise<void> | null = null;
  /** Id of the last entry fanned out (or the stream's last id when the loop started). */
  private cursor = '0-0';
  private destroyed = false;

  public constructor(private readonly redis: RedisService) {}

  public get clientCount(): number {
    return this.subscribers.size;
  }

  /**
   * Attaches a client. Returns the id it is attached after: every later entry is delivered to
   * it, earlier ones come from `backlog()`. `unsubscribe` detaches it.
   */
  public async subscribe(
    subscriber: LiveEventSubscriber,
  ): Promise<{ position: string; unsubscribe: () => void }> {
    if (this.destroyed) throw new Error('live events are shutting down');
    this.subscribers.add(subscriber);
    try {
      await this.start();
    } catch (error) {
      this.subscribers.delete(subscriber);
      throw error;
    }
    // Synchronously after the cursor is known: nothing can slip between position and fan-out.
    return {
      position: this.cursor,
      unsubscribe: () => {
        this.subscribers.delete(subscriber);
      },
    };
  }

  /** Entries after `afterId` up to and including `untilId`, oldest first (bounded). */
  public async backlog(afterId: string, untilId: string): Promise<LiveEntry[]> {
    const entries: LiveEntry[] = [];
    let from = afterId;
    while (entries.length < BACKLOG_MAX && compareStreamIds(from, untilId) < 0) {
      const page = (await this.redis.client.xrange(
        LIVE_EVENTS_STREAM,
        `(${from}`,
        untilId,
        'COUNT',
        BACKLOG_PAGE,
      )) as RawEntries;
      for (const [id, fields] of page) {
        const event = parseLiveEvent(dataOf(fields));
        if (event) entries.push({ id, event });
      }
      if (page.length < BACKLOG_PAGE) break;
      from = page[page.length - 1]?.[0] ?? untilId;
    }
    return entries;
  }

  public async onModuleDestroy(): Promise<void> {
    this.destroyed = true;
    this.subscribers.clear();
    // Drops the blocked XREAD at once (QUIT would wait for it).
    this.reader?.disconnect();
    await this.loop?.catch(() => undefined);
  }

  /** `keepCursor`: a client attached while the previous loop was ending; continue from it. */
  private start(keepCursor = false): Promise<void> {
    if (this.loop && this.ready) return this.ready;
    this.reader ??= this.redis.dedicated('live-events');
    const reader = this.reader;
    let markReady: () => void = () => undefined;
    let failReady: (error: unknown) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    const ready = this.ready;
    this.loop = this.run(reader, markReady, failReady, keepCursor).then((ran) => {
      this.loop = null;
      this.ready = null;
      // A client that attached while the loop was winding down needs a new one.
      if (ran && this.subscribers.size > 0 && !this.destroyed) {
        void this.start(true).catch(() => undefined);
      }
    });
    return ready;
  }

  private async run(
    reader: Redis,
    markReady: () => void,
    failReady: (error: unknown) => void,
    keepCursor: boolean,
  ): Promise<boolean> {
    if (!keepCursor) {
      try {
        const last = (await this.redis.client.xrevrange(
          LIVE_EVENTS_STREAM,
          '+',
          '-',
          'COUNT',
          1,
        )) as RawEntries;
        this.cursor = last[0]?.[0] ?? '0-0';
      } catch (error) {
        failReady(error);
        return false;
      }
    }
    markReady();
    while (this.subscribers.size > 0 && !this.destroyed) {
      try {
        const result = await reader.xread(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          LIVE_EVENTS_STREAM,
          this.cursor,
        );
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            this.cursor = id;
            const event = parseLiveEvent(dataOf(fields));
            if (event) this.fanOut(id, event);
          }
        }
      } catch (error) {
        if (this.destroyed) return true;
        this.logger.warn({
          msg: 'live events read failed; retrying',
          error: error instanceof Error ? error.message : String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    return true;
  }

  private fanOut(id: string, event: LiveEvent): void {
    for (const subscriber of [...this.subscribers]) {
      try {
        subscriber.deliver(id, event);
      } catch (error) {
        this.logger.warn({
          msg: 'live event delivery failed',
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

const dataOf = (fields: string[]): string | null => {
  const index = fields.indexOf('data');
  return index >= 0 ? (fields[index + 1] ?? null) : null;
};
