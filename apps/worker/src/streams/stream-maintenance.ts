import { Logger } from '@nestjs/common';
import { compareStreamIds } from '@app/domain';
import { ScriptedRedis, StreamKeys } from '@app/streams';
import { describeError } from './stream-errors';
import type { StreamConsumerOptions } from './stream-consumer';
import { StreamMetrics } from './stream-metrics';

/** What maintenance needs from the consumer whose entries it keeps alive and takes over. */
export interface HeldEntries {
  /** Ids of every entry the consumer holds. */
  ids(): string[];
  /** Ordering keys of the held ordered entries (their leases are renewed). */
  orderedKeys(): string[];
  has(id: string): boolean;
  /** The group gave this entry to another consumer. */
  lost(id: string): void;
  /** An entry taken over from a consumer that stopped heart-beating. */
  adopt(id: string, fields: string[]): void;
  /** Milliseconds since the consumer last acknowledged something while it had work. */
  sinceProgressMs(): number;
}

/** XGROUP and XINFO are not key-prefixed by ioredis (container commands): prefix by hand. */
export const rawKey = (redis: ScriptedRedis, key: string): string =>
  `${redis.options.keyPrefix ?? ''}${key}`;

/**
 * The background side of one stream consumer (ADR 0003), apart from reading and running
 * entries: the heartbeat that keeps held entries and key leases alive, the XAUTOCLAIM sweep
 * that takes over the entries of dead consumers, the backlog measures behind /health and
 * /metrics, trimming, and forgetting consumers gone for good.
 */
export class StreamMaintenance {
  private readonly logger: Logger;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = true;
  private reclaiming = false;
  /** Undelivered entries of the group (lag), as last measured. */
  public undelivered = 0;
  /** Age of the group's oldest pending or undelivered entry, as last measured. */
  public oldestPendingAgeMs: number | null = null;

  public constructor(
    private readonly redis: ScriptedRedis,
    private readonly options: StreamConsumerOptions,
    private readonly held: HeldEntries,
    private readonly metrics: StreamMetrics | null,
  ) {
    this.logger = new Logger(`StreamConsumer:${options.stream}`);
  }

  public start(): void {
    this.stopped = false;
    const heartbeatMs = Math.max(
      200,
      Math.min(10_000, Math.floor(this.options.claimMinIdleMs / 3)),
    );
    this.every(heartbeatMs, () => this.heartbeat());
    this.every(this.options.claimIntervalMs, () => this.reclaim());
    this.every(Math.max(this.options.claimIntervalMs, 30_000), () => this.trim());
    this.every(this.options.claimIntervalMs, () => this.measure());
    this.every(CONSUMER_CLEANUP_INTERVAL_MS, () => this.forgetDeadConsumers());
    this.reclaim().catch((error: unknown) => this.logger.warn(describeError(error)));
    this.measure().catch((error: unknown) => this.logger.warn(describeError(error)));
  }

  public stop(): void {
    this.stopped = true;
    this.timers.forEach((timer) => clearInterval(timer));
    this.timers.length = 0;
  }

  private every(ms: number, task: () => Promise<void>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || this.stopped) return;
      busy = true;
      task()
        .catch((error: unknown) => this.logger.warn(describeError(error)))
        .finally(() => (busy = false));
    }, ms);
    this.timers.push(timer);
  }

  /** Keeps owned entries fresh (so nobody reclaims them) and renews our key leases. */
  public async heartbeat(): Promise<void> {
    const ids = this.held.ids();
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      const lost = await this.redis.streamTouch(
        this.options.stream,
        this.options.group,
        this.options.consumerName,
        ...chunk,
      );
      for (const id of lost) this.held.lost(id);
    }
    const locks = this.held.orderedKeys().map((key) => StreamKeys.lock(this.options.stream, key));
    if (locks.length > 0) {
      await this.redis.streamRenewLocks(
        locks.length,
        ...locks,
        this.options.consumerName,
        this.options.claimMinIdleMs,
      );
    }
  }

  /**
   * XAUTOCLAIM: takes over entries idle longer than claimMinIdleMs (their consumer died). Never
   * limited by how much this consumer already holds: entries of dead consumers are owned by
   * nobody alive, and everything behind them in their conversations waits for them. What dead
   * consumers can leave behind is bounded by what they could hold.
   */
  public async reclaim(): Promise<void> {
    if (this.reclaiming || this.stopped) return;
    this.reclaiming = true;
    try {
      let cursor = '0-0';
      do {
        const [next, claimed, deleted] = (await this.redis.xautoclaim(
          this.options.stream,
          this.options.group,
          this.options.consumerName,
          this.options.claimMinIdleMs,
          cursor,
          'COUNT',
          100,
        )) as [string, [string, string[] | null][], string[]?];
        cursor = next;
        for (const [id, fields] of claimed) {
          if (this.held.has(id) || !fields) continue;
          this.metrics?.reclaimed.inc({ stream: this.options.stream });
          this.logger.log(`reclaimed entry ${id}`);
          this.held.adopt(id, fields);
        }
        if (deleted && deleted.length > 0) {
          await this.redis.xack(this.options.stream, this.options.group, ...deleted);
        }
      } while (cursor !== '0-0' && !this.stopped);
    } finally {
      this.reclaiming = false;
    }
  }

  /**
   * The group's backlog as the watchdog and the scraper see it: undelivered entries (lag) and
   * the age of the oldest entry still waiting for an acknowledgement (or for delivery).
   */
  public async measure(): Promise<void> {
    const stream = this.options.stream;
    const groups = (await this.redis.xinfo('GROUPS', rawKey(this.redis, stream))) as unknown[][];
    let lastDelivered = '0-0';
    let lag: number | null = null;
    for (const raw of groups) {
      const group: Record<string, unknown> = {};
      for (let i = 0; i + 1 < raw.length; i += 2) group[String(raw[i])] = raw[i + 1];
      if (group.name !== this.options.group) continue;
      lastDelivered = str(group['last-delivered-id'], '0-0');
      lag = typeof group.lag === 'number' ? group.lag : null;
    }
    const [, oldestPending] = (await this.redis.xpending(stream, this.options.group)) as [
      number,
      string | null,
    ];
    const [firstUndelivered] = await this.redis.xrange(
      stream,
      nextId(lastDelivered),
      '+',
      'COUNT',
      1,
    );
    // Lag is null when Redis cannot tell (entries deleted); the first undelivered entry can.
    this.undelivered = lag ?? (firstUndelivered ? 1 : 0);
    const oldest = oldestPending ?? (this.undelivered > 0 ? firstUndelivered?.[0] : undefined);
    this.oldestPendingAgeMs = oldest ? Math.max(0, Date.now() - idTime(oldest)) : null;
    this.metrics?.oldestPendingAge.set({ stream }, (this.oldestPendingAgeMs ?? 0) / 1000);
    this.metrics?.sinceProgress.set({ stream }, this.held.sinceProgressMs() / 1000);
  }

  /**
   * Every restart joins the group under a new name; consumers that hold nothing and have not
   * read for an hour are gone for good and are removed so XINFO stays readable.
   */
  private async forgetDeadConsumers(): Promise<void> {
    const consumers = (await this.redis.xinfo(
      'CONSUMERS',
      rawKey(this.redis, this.options.stream),
      this.options.group,
    )) as unknown[][];
    for (const raw of consumers) {
      const consumer: Record<string, unknown> = {};
      for (let i = 0; i + 1 < raw.length; i += 2) consumer[String(raw[i])] = raw[i + 1];
      const name = str(consumer.name, '');
      if (!name || name === this.options.consumerName) continue;
      if (consumer.pending !== 0 || Number(consumer.idle) < CONSUMER_FORGET_AFTER_MS) continue;
      await this.redis.xgroup(
        'DELCONSUMER',
        rawKey(this.redis, this.options.stream),
        this.options.group,
        name,
      );
    }
  }

  /**
   * Keeps at most `retain` entries, and never trims an entry that is pending or not yet
   * delivered (XADD MAXLEN could drop unprocessed messages under a backlog).
   */
  private async trim(): Promise<void> {
    const stream = this.options.stream;
    const length = await this.redis.xlen(stream);
    if (length <= this.options.retain) return;
    const excess = await this.redis.xrange(stream, '-', '+', 'COUNT', length - this.options.retain);
    const lastExcess = excess[excess.length - 1]?.[0];
    if (!lastExcess) return;
    let minId = nextId(lastExcess);
    const groups = (await this.redis.xinfo('GROUPS', rawKey(this.redis, stream))) as unknown[][];
    for (const raw of groups) {
      const group: Record<string, unknown> = {};
      for (let i = 0; i + 1 < raw.length; i += 2) group[String(raw[i])] = raw[i + 1];
      const summary = (await this.redis.xpending(stream, str(group.name, ''))) as [
        number,
        string | null,
      ];
      const floor = summary[1] ?? nextId(str(group['last-delivered-id'], '0-0'));
      if (compareStreamIds(floor, minId) < 0) minId = floor;
    }
    await this.redis.xtrim(stream, 'MINID', '~', minId);
  }
}

const CONSUMER_CLEANUP_INTERVAL_MS = 10 * 60_000;
const CONSUMER_FORGET_AFTER_MS = 60 * 60_000;

const idTime = (id: string): number => Number(id.split('-')[0] ?? 0);

const nextId = (id: string): string => {
  const [ms = '0', seq = '0'] = id.split('-');
  return `${ms}-${BigInt(seq) + 1n}`;
};

const str = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
