import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import {
  compareStreamIds,
  MessageType,
  parseEnvelope,
  StreamEnvelope,
  StreamName,
  Semaphore,
  wakeableSleep,
} from '@app/domain';
import { inTraceOf } from '@app/observability';
import { ScriptedRedis, StreamKeys, withStreamScripts } from '@app/streams';
import { StreamConsumerSettings } from '../config/worker.config';
import { describeError, isPermanent } from './stream-errors';
import { EntryTakenOver, StreamHandler } from './stream-handler';
import { HeldEntries, rawKey, StreamMaintenance } from './stream-maintenance';
import { StreamMetrics } from './stream-metrics';

export interface StreamConsumerOptions extends StreamConsumerSettings {
  stream: StreamName;
  group: string;
  consumerName: string;
  maxAttempts: number;
}

export type HandlerLookup = (type: MessageType) => StreamHandler | undefined;

interface LocalEntry {
  id: string;
  envelope: StreamEnvelope | null;
  parseError: string | null;
  /** Ordering key; unordered entries get a key of their own. */
  key: string;
  ordered: boolean;
  notBefore: number;
  running: boolean;
  /** Handled, only the acknowledgement is missing (Redis hiccup). */
  handled: boolean;
  /** Found taken over by another consumer while it was running here. */
  lost: boolean;
  waits: number;
  /**
   * Waiting for an older entry of its key that another consumer holds (or for that consumer's
   * lease): it cannot run here now, so it does not count against the read-ahead limit.
   */
  parked: boolean;
}

/** What /health and the metrics need to know about one consumer's progress. */
export interface ConsumerProgress {
  stream: StreamName;
  /** Work this consumer holds or could read (held entries, or undelivered ones in the group). */
  hasWork: boolean;
  /** Milliseconds since the last acknowledgement while there was work (0 when idle). */
  sinceProgressMs: number;
  stalled: boolean;
  /** Age of the group's oldest pending or undelivered entry, null when there is none. */
  oldestPendingAgeMs: number | null;
}

interface KeyQueue {
  entries: LocalEntry[];
  active: boolean;
  wake: (() => void) | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One consumer of one stream in one consumer group (ADR 0003):
 * - XREADGROUP on a dedicated connection; entries are held locally per ordering key
 * - an entry runs only when it heads its key's order list in Redis and this consumer holds the
 *   key's lease, so one conversation is handled in stream order across all processes while
 *   other conversations run in parallel (bounded by `concurrency`)
 * - XACK (with list/lease cleanup) only after the handler resolved, i.e. after it committed
 * - failures back off exponentially; after `maxAttempts` failed attempts, `maxCrashes` deaths
 *   of the consumer while it ran (counted apart: a crash storm does not condemn a sound entry,
 *   input that kills the worker does end) or on a permanent error the entry moves to the
 *   dead-letter stream with its error and attempt count
 * - a heartbeat keeps owned entries from looking idle; a periodic XAUTOCLAIM takes over the
 *   entries of consumers that stopped heart-beating (crash, kill -9)
 * - stop(): finishes running handlers, hands the rest back for immediate takeover
 */
export class StreamConsumer {
  private readonly logger: Logger;
  private readonly redis: ScriptedRedis;
  private readonly entries = new Map<string, LocalEntry>();
  private readonly keys = new Map<string, KeyQueue>();
  private readonly slots: Semaphore;
  private reader: Redis | null = null;
  private readLoop: Promise<void> | null = null;
  private stopped = true;
  private running = 0;
  /** Entries that can run now (heads of their key, not parked) before reading stops. */
  private readonly maxLocal: number;
  /** Hard bound on everything held (parked and queued followers included), for memory. */
  private readonly maxHeld: number;
  private readonly leaseMs: number;
  private lastProgressAt = Date.now();
  private readonly maintenance: StreamMaintenance;

  public constructor(
    redis: Redis,
    private readonly openReader: () => Redis,
    private readonly options: StreamConsumerOptions,
    private readonly lookup: HandlerLookup,
    private readonly metrics: StreamMetrics | null,
  ) {
    this.redis = withStreamScripts(redis);
    this.logger = new Logger(`StreamConsumer:${options.stream}`);
    this.slots = new Semaphore(options.concurrency);
    this.maxLocal = Math.max(options.concurrency * 4, options.readCount * 2);
    this.maxHeld = Math.max(this.maxLocal * 8, 256);
    this.leaseMs = options.claimMinIdleMs;
    this.maintenance = new StreamMaintenance(this.redis, options, this.heldEntries(), metrics);
  }

  public get name(): string {
    return this.options.consumerName;
  }

  /** Handlers running now. */
  public get inFlight(): number {
    return this.running;
  }

  /** Entries this process holds now (for tests and metrics). */
  public get localCount(): number {
    return this.entries.size;
  }

  /**
   * Progress report for /health: a consumer that has work but acknowledged nothing for
   * `stallAfterMs` is stalled (whatever the cause: a bug, a hung handler, a lost connection).
   */
  public progress(now = Date.now()): ConsumerProgress {
    const hasWork = this.entries.size > 0 || this.maintenance.undelivered > 0;
    if (!hasWork) this.lastProgressAt = now;
    const sinceProgressMs = hasWork ? now - this.lastProgressAt : 0;
    return {
      stream: this.options.stream,
      hasWork,
      sinceProgressMs,
      stalled: !this.stopped && hasWork && sinceProgressMs > this.options.stallAfterMs,
      oldestPendingAgeMs: this.maintenance.oldestPendingAgeMs,
    };
  }

  public async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.ensureGroup();
    this.reader = this.openReader();
    this.readLoop = this.read();
    this.lastProgressAt = Date.now();
    this.maintenance.start();
    this.logger.log(`consuming as ${this.options.consumerName} in group ${this.options.group}`);
  }

  public async stop(timeoutMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.maintenance.stop();
    this.keys.forEach((queue) => queue.wake?.());
    const deadline = Date.now() + timeoutMs;
    // A blocked XREADGROUP returns within blockMs; disconnecting cuts it short.
    this.reader?.disconnect();
    await Promise.race([this.readLoop, sleep(Math.max(0, deadline - Date.now()))]);
    while (this.running > 0 && Date.now() < deadline) await sleep(25);
    await this.handBack().catch((error: unknown) =>
      this.logger.warn(`could not hand back entries: ${describeError(error)}`),
    );
  }

  /** This consumer's entries as its maintenance sees them (heartbeat, takeover). */
  private heldEntries(): HeldEntries {
    return {
      ids: () => [...this.entries.keys()],
      orderedKeys: () =>
        [...this.keys.entries()]
          .filter(([, queue]) => queue.entries.some((entry) => entry.ordered))
          .map(([key]) => key),
      has: (id) => this.entries.has(id),
      lost: (id) => {
        const entry = this.entries.get(id);
        if (!entry) return;
        entry.lost = true;
        if (!entry.running) {
          this.logger.warn(`entry ${id} was taken over by another consumer`);
          this.remove(entry);
        }
      },
      adopt: (id, fields) => this.add(id, fields),
      sinceProgressMs: () => this.progress().sinceProgressMs,
    };
  }

  // --- reading ----------------------------------------------------------------------------

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup(
        'CREATE',
        rawKey(this.redis, this.options.stream),
        this.options.group,
        '0',
        'MKSTREAM',
      );
    } catch (error) {
      if (!describeError(error).includes('BUSYGROUP')) throw error;
    }
  }

  private async read(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const room = this.readRoom();
      if (room <= 0) {
        await sleep(20);
        continue;
      }
      try {
        const reply = (await this.reader?.xreadgroup(
          'GROUP',
          this.options.group,
          this.options.consumerName,
          'COUNT',
          Math.min(this.options.readCount, room),
          'BLOCK',
          this.options.blockMs,
          'STREAMS',
          this.options.stream,
          '>',
        )) as [string, [string, string[]][]][] | null;
        failures = 0;
        for (const [, items] of reply ?? []) {
          for (const [id, fields] of items) this.add(id, fields);
        }
      } catch (error) {
        if (this.stopped) break;
        const message = describeError(error);
        if (message.includes('NOGROUP')) {
          await this.ensureGroup().catch(() => undefined);
          continue;
        }
        failures += 1;
        if (failures === 1 || failures % 20 === 0) this.logger.warn(`read failed: ${message}`);
        await sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /**
   * How many entries may be read now. Only entries that can run count against `maxLocal`: the
   * head of each local key unless it is parked behind another consumer's entry. Followers and
   * parked entries are bounded by `maxHeld` alone, so entries waiting on other conversations'
   * or other consumers' work never stop this consumer from reading.
   */
  private readRoom(): number {
    let runnable = 0;
    for (const queue of this.keys.values()) {
      const head = queue.entries[0];
      if (head && !head.parked) runnable += 1;
    }
    return Math.min(this.maxLocal - runnable, this.maxHeld - this.entries.size);
  }

  private add(id: string, fields: string[] | null): void {
    if (this.stopped || this.entries.has(id)) return;
    let envelope: StreamEnvelope | null = null;
    let parseError: string | null = null;
    try {
      const dataIndex = (fields ?? []).indexOf('data');
      envelope = parseEnvelope(dataIndex >= 0 ? fields?.[dataIndex + 1] : undefined);
    } catch (error) {
      parseError = describeError(error);
    }
    const ordered = envelope?.key !== null && envelope?.key !== undefined;
    const entry: LocalEntry = {
      id,
      envelope,
      parseError,
      key: ordered && envelope?.key ? envelope.key : `entry:${id}`,
      ordered,
      notBefore: 0,
      running: false,
      handled: false,
      lost: false,
      waits: 0,
      parked: false,
    };
    this.entries.set(id, entry);
    this.metrics?.local.set({ stream: this.options.stream }, this.entries.size);
    let queue = this.keys.get(entry.key);
    if (!queue) {
      queue = { entries: [], active: false, wake: null };
      this.keys.set(entry.key, queue);
    }
    const position = queue.entries.findIndex((other) => compareStreamIds(id, other.id) < 0);
    if (position < 0) queue.entries.push(entry);
    else queue.entries.splice(position, 0, entry);
    if (queue.active) queue.wake?.();
    else void this.runKey(entry.key, queue);
  }

  private remove(entry: LocalEntry): void {
    this.entries.delete(entry.id);
    const queue = this.keys.get(entry.key);
    if (queue) queue.entries = queue.entries.filter((other) => other !== entry);
    this.metrics?.local.set({ stream: this.options.stream }, this.entries.size);
  }

  // --- per-key runner ---------------------------------------------------------------------

  /** Runs the entries of one key one at a time, always the oldest first. */
  private async runKey(key: string, queue: KeyQueue): Promise<void> {
    queue.active = true;
    try {
      while (!this.stopped) {
        const entry = queue.entries[0];
        if (!entry) break;
        const wait = entry.notBefore - Date.now();
        if (wait > 0) {
          const sleep = wakeableSleep(wait);
          queue.wake = sleep.wake;
          await sleep.slept;
          queue.wake = null;
          continue;
        }
        try {
          await this.slots.acquire();
          this.running += 1;
          this.metrics?.inFlight.set({ stream: this.options.stream }, this.running);
          try {
            if (entry.handled) {
              await this.ack(entry);
            } else {
              // Claiming the key and counting the run is one round trip; an entry that may
              // not run yet gives its slot straight back.
              const run = await this.begin(entry);
              if (run) await this.runOnce(entry, run);
            }
          } finally {
            this.running -= 1;
            this.metrics?.inFlight.set({ stream: this.options.stream }, this.running);
            this.slots.release();
          }
        } catch (error) {
          // Redis trouble around the handler: keep the entry, try again shortly.
          this.logger.warn(`entry ${entry.id}: ${describeError(error)}`);
          entry.notBefore = Date.now() + 1000;
        }
      }
    } finally {
      queue.active = false;
      if (queue.entries.length === 0) this.keys.delete(key);
      else if (!this.stopped) void this.runKey(key, queue);
    }
  }

  /**
   * Starts a run: an ordered entry must be the oldest pending one of its key and this consumer
   * must hold the key's lease. Returns the entry's run count (this run included) and failures,
   * or null when it has to wait (then `notBefore` says when to look again).
   */
  private async begin(entry: LocalEntry): Promise<{ runs: number; failures: number } | null> {
    const stream = this.options.stream;
    const [status, detail, runs, failures] = await this.redis.streamBegin(
      entry.ordered ? StreamKeys.order(stream, entry.key) : StreamKeys.unused,
      entry.ordered ? StreamKeys.lock(stream, entry.key) : StreamKeys.unused,
      StreamKeys.attempts(stream),
      this.failuresKey,
      entry.id,
      this.options.consumerName,
      this.leaseMs,
      entry.ordered ? '1' : '0',
    );
    if (status === 'OK') {
      entry.waits = 0;
      entry.parked = false;
      return { runs: Number(runs), failures: Number(failures) };
    }
    entry.waits += 1;
    entry.parked = status === 'LOCKED' || !this.entries.has(detail);
    this.metrics?.waits.inc({ stream, reason: status.toLowerCase() });
    if (status === 'WAIT' && entry.waits % 10 === 0) await this.unblockHead(entry.key, detail);
    entry.notBefore = Date.now() + Math.min(1000, 25 * 2 ** Math.min(entry.waits, 6));
    return null;
  }

  /**
   * The head of a key blocks everything behind it. If its owner stopped heart-beating (idle past
   * `claimMinIdleMs`), take it over now, however many entries this consumer holds: waiting for
   * the periodic sweep could take long when many dead consumers left entries behind. A head
   * that is no longer pending at all is removed from the key's list.
   */
  private async unblockHead(key: string, headId: string): Promise<void> {
    if (this.entries.has(headId)) return;
    const stream = this.options.stream;
    const [pending] = (await this.redis.xpending(
      stream,
      this.options.group,
      headId,
      headId,
      1,
    )) as [string, string, number, number][];
    if (!pending) {
      const repaired = await this.redis.streamRepairHead(
        stream,
        StreamKeys.order(stream, key),
        this.options.group,
        headId,
      );
      if (repaired) this.logger.warn(`removed stale head ${headId} of key ${key}`);
      return;
    }
    const [, owner, idleMs] = pending;
    if (idleMs < this.options.claimMinIdleMs) return;
    const claimed = (await this.redis.xclaim(
      stream,
      this.options.group,
      this.options.consumerName,
      this.options.claimMinIdleMs,
      headId,
    )) as [string, string[] | null][];
    for (const [id, fields] of claimed) {
      if (!fields || this.entries.has(id)) continue;
      this.metrics?.reclaimed.inc({ stream });
      this.logger.log(`took over head ${id} of key ${key} from ${owner}`);
      this.add(id, fields);
    }
  }

  private async runOnce(
    entry: LocalEntry,
    { runs, failures }: { runs: number; failures: number },
  ): Promise<void> {
    const stream = this.options.stream;
    const type = entry.envelope?.type ?? 'unknown';
    // Runs are counted before the handler starts (a run cut short by a crash still counts),
    // failures when the handler throws; the difference is how often the consumer died while
    // running it.
    const crashes = runs - 1 - failures;
    const attempt = failures + 1;
    const handler = entry.envelope ? this.lookup(entry.envelope.type) : undefined;
    if (!entry.envelope || !handler) {
      await this.deadLetter(entry, entry.parseError ?? `no handler for ${type}`, runs);
      return;
    }
    if (crashes > this.options.maxCrashes || failures >= this.options.maxAttempts) {
      const last = await this.redis.hget(this.errorsKey, entry.id);
      await this.deadLetter(
        entry,
        crashes > this.options.maxCrashes
          ? `the consumer died ${crashes} times while handling it (cap ${this.options.maxCrashes})`
          : (last ?? `${failures} failed attempts`),
        runs - 1,
      );
      return;
    }
    entry.running = true;
    const stopTimer = this.metrics?.duration.startTimer({ stream, type });
    try {
      const envelope = entry.envelope;
      const result = await inTraceOf(envelope.traceparent, `stream ${type}`, () =>
        handler.handle(envelope, {
          stream,
          entryId: entry.id,
          attempt,
          maxAttempts: this.options.maxAttempts,
          writeProgressIfOwned: (key, set, unset, ttlSeconds) =>
            this.writeProgressIfOwned(entry, key, set, unset, ttlSeconds),
        }),
      );
      stopTimer?.();
      if (result && result.continueAfterMs >= 0) {
        await this.redis.hincrby(StreamKeys.attempts(stream), entry.id, -1);
        entry.notBefore = Date.now() + result.continueAfterMs;
        this.lastProgressAt = Date.now();
        this.metrics?.entries.inc({ stream, type, outcome: 'continued' });
        return;
      }
      entry.handled = true;
      await this.ack(entry);
      this.metrics?.entries.inc({ stream, type, outcome: 'acked' });
    } catch (error) {
      stopTimer?.();
      if (error instanceof EntryTakenOver) {
        // Its new owner runs it from the progress this run stored; nothing to count or ack.
        this.logger.warn(`entry ${entry.id} (${type}) was taken over by another consumer mid-run`);
        this.remove(entry);
        return;
      }
      const message = describeError(error);
      if (isPermanent(error) || attempt >= this.options.maxAttempts) {
        this.logger.error(`entry ${entry.id} (${type}) dead-lettered after ${attempt}: ${message}`);
        await this.deadLetter(entry, message, runs);
        return;
      }
      await this.redis
        .multi()
        .hset(this.errorsKey, entry.id, message)
        .hincrby(this.failuresKey, entry.id, 1)
        .exec();
      const backoff = Math.min(
        this.options.retryMaxMs,
        this.options.retryBaseMs * 2 ** (attempt - 1),
      );
      entry.notBefore = Date.now() + backoff / 2 + Math.random() * (backoff / 2);
      this.metrics?.entries.inc({ stream, type, outcome: 'retried' });
      this.logger.warn(`entry ${entry.id} (${type}) attempt ${attempt} failed: ${message}`);
    } finally {
      entry.running = false;
    }
  }

  private async writeProgressIfOwned(
    entry: LocalEntry,
    key: string,
    set: Record<string, string | number>,
    unset: readonly string[],
    ttlSeconds: number,
  ): Promise<boolean> {
    // A stopping consumer still owns what it runs (it hands entries back afterwards).
    if (entry.lost) return false;
    const pairs = Object.entries(set).flat();
    const written = await this.redis.streamFencedHset(
      this.options.stream,
      key,
      this.options.group,
      entry.id,
      this.options.consumerName,
      ttlSeconds,
      pairs.length / 2,
      ...pairs,
      ...unset,
    );
    if (written !== 1) entry.lost = true;
    return written === 1;
  }

  /** Last error and failure count per entry; the ack and dead-letter scripts clear both. */
  private get errorsKey(): string {
    return `${StreamKeys.attempts(this.options.stream)}:errors`;
  }

  private get failuresKey(): string {
    return `${StreamKeys.attempts(this.options.stream)}:failures`;
  }

  private async ack(entry: LocalEntry): Promise<void> {
    await this.redis.streamAck(
      this.options.stream,
      entry.ordered ? StreamKeys.order(this.options.stream, entry.key) : StreamKeys.unused,
      entry.ordered ? StreamKeys.lock(this.options.stream, entry.key) : StreamKeys.unused,
      StreamKeys.attempts(this.options.stream),
      this.options.group,
      entry.id,
      this.options.consumerName,
      entry.ordered ? '1' : '0',
    );
    this.lastProgressAt = Date.now();
    this.remove(entry);
  }

  private async deadLetter(entry: LocalEntry, error: string, attempts: number): Promise<void> {
    const data = entry.envelope ? JSON.stringify(entry.envelope) : '';
    await this.redis.streamDeadLetter(
      this.options.stream,
      entry.ordered ? StreamKeys.order(this.options.stream, entry.key) : StreamKeys.unused,
      entry.ordered ? StreamKeys.lock(this.options.stream, entry.key) : StreamKeys.unused,
      StreamKeys.attempts(this.options.stream),
      StreamName.DEAD_LETTER,
      this.options.group,
      entry.id,
      this.options.consumerName,
      entry.ordered ? '1' : '0',
      this.options.stream,
      data || (await this.rawData(entry.id)),
      error,
      Math.max(1, attempts),
      new Date().toISOString(),
      this.options.consumerName,
    );
    this.metrics?.entries.inc({
      stream: this.options.stream,
      type: entry.envelope?.type ?? 'unknown',
      outcome: 'dead_lettered',
    });
    this.lastProgressAt = Date.now();
    this.remove(entry);
  }

  private async rawData(id: string): Promise<string> {
    const found = await this.redis.xrange(this.options.stream, id, id);
    const fields = found[0]?.[1] ?? [];
    const index = fields.indexOf('data');
    return index >= 0 ? (fields[index + 1] ?? '') : '';
  }

  // --- shutdown -------------------------------------------------------------------------

  /** On shutdown: release leases and make our remaining entries immediately claimable. */
  private async handBack(): Promise<void> {
    const ids = [...this.entries.values()].filter((entry) => !entry.running).map((e) => e.id);
    for (let i = 0; i < ids.length; i += 200) {
      await this.redis.xclaim(
        this.options.stream,
        this.options.group,
        this.options.consumerName,
        0,
        ...ids.slice(i, i + 200),
        'IDLE',
        this.options.claimMinIdleMs,
        'JUSTID',
      );
    }
    for (const key of this.keys.keys()) {
      const lock = StreamKeys.lock(this.options.stream, key);
      if ((await this.redis.get(lock)) === this.options.consumerName) await this.redis.del(lock);
    }
    this.entries.clear();
    this.keys.clear();
    const pending = await this.redis.xpending(
      this.options.stream,
      this.options.group,
      '-',
      '+',
      1,
      this.options.consumerName,
    );
    if (pending.length === 0) {
      await this.redis.xgroup(
        'DELCONSUMER',
        rawKey(this.redis, this.options.stream),
        this.options.group,
        this.options.consumerName,
      );
    }
  }
}
