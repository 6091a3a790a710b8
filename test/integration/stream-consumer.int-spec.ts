import { Logger } from '@nestjs/common';
import { BaseConfig, CommonEnv, validateEnv } from '@app/config';
import { buildEnvelope, MessageType, StreamEnvelope, StreamName } from '@app/domain';
import { RedisService } from '@app/redis';
import { StreamOps, StreamProducer } from '@app/streams';
import {
  StreamConsumer,
  StreamConsumerOptions,
} from '../../apps/worker/src/streams/stream-consumer';
import {
  HandlerResult,
  PermanentError,
  StreamHandler,
} from '../../apps/worker/src/streams/stream-handler';
import { waitFor } from '../support/process';
import { createTestRedis, TestRedis } from '../support/redis';

class TestConfig extends BaseConfig {
  public readonly serviceName = 'test';
  public constructor(env: CommonEnv) {
    super(env);
  }
}

const STREAM = StreamName.OUTGOING_MESSAGES;
const TYPE = MessageType.CHATWOOT_DELIVERY;

interface TestPayload {
  n: number;
  behaviour?: 'fail' | 'permanent' | 'pause-once' | 'slow' | 'hang';
}

const options = (consumerName: string, overrides: Partial<StreamConsumerOptions> = {}) => ({
  stream: STREAM,
  group: 'test_group',
  consumerName,
  maxAttempts: 3,
  maxCrashes: 4,
  concurrency: 4,
  readCount: 10,
  blockMs: 200,
  claimMinIdleMs: 1500,
  claimIntervalMs: 300,
  stallAfterMs: 60_000,
  retryBaseMs: 20,
  retryMaxMs: 50,
  retain: 10_000,
  ...overrides,
});

describe('StreamConsumer (integration, real Redis)', () => {
  let redis: TestRedis;
  let service: RedisService;
  let producer: StreamProducer;
  let ops: StreamOps;
  const consumers: StreamConsumer[] = [];
  let log: { key: string | null; n: number; at: number; consumer: string }[];
  let active: Map<string, number>;
  let overlap: boolean;
  let maxParallel: number;
  let running: number;
  let attemptsSeen: Map<number, number>;
  let paused: Set<number>;
  let release: () => void;
  let hung: Promise<void>;

  const handlerFor = (consumer: string): StreamHandler<TestPayload> => ({
    handle: async (envelope: StreamEnvelope<TestPayload>): Promise<void | HandlerResult> => {
      const { n, behaviour } = envelope.payload;
      attemptsSeen.set(n, (attemptsSeen.get(n) ?? 0) + 1);
      if (behaviour === 'permanent') throw new PermanentError('cannot ever work');
      if (behaviour === 'fail') throw new Error(`poison ${n}`);
      if (behaviour === 'hang') await hung;
      if (behaviour === 'pause-once' && !paused.has(n)) {
        paused.add(n);
        return { continueAfterMs: 100 };
      }
      const key = envelope.key ?? `none-${n}`;
      if ((active.get(key) ?? 0) > 0) overlap = true;
      active.set(key, (active.get(key) ?? 0) + 1);
      running += 1;
      maxParallel = Math.max(maxParallel, running);
      await new Promise((r) => setTimeout(r, behaviour === 'slow' ? 400 : 5 + Math.random() * 15));
      running -= 1;
      active.set(key, (active.get(key) ?? 1) - 1);
      log.push({ key: envelope.key, n, at: Date.now(), consumer });
    },
  });

  const start = async (name: string, overrides: Partial<StreamConsumerOptions> = {}) => {
    const consumer = new StreamConsumer(
      service.client,
      () => service.dedicated(`${name}-reader`),
      options(name, overrides),
      (type) => (type === TYPE ? handlerFor(name) : undefined),
      null,
    );
    await consumer.start();
    consumers.push(consumer);
    return consumer;
  };

  const enqueue = (key: string | null, payload: TestPayload) =>
    producer.enqueue(buildEnvelope(TYPE, `m-${payload.n}`, key, payload));

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    redis = await createTestRedis();
    const env = validateEnv(CommonEnv, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.keyPrefix });
    service = new RedisService(new TestConfig(env));
    producer = new StreamProducer(service);
    ops = new StreamOps(service);
    log = [];
    active = new Map();
    overlap = false;
    maxParallel = 0;
    running = 0;
    attemptsSeen = new Map();
    paused = new Set();
    hung = new Promise((resolve) => (release = resolve));
  });

  afterEach(async () => {
    release();
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop(2000)));
    await service.onApplicationShutdown();
    await redis.cleanup();
  });

  it('keeps per-key order across two consumers while keys run in parallel', async () => {
    await start('c1');
    await start('c2');
    const keys = ['a', 'b', 'c', 'd', 'e'];
    let n = 0;
    for (let round = 0; round < 12; round += 1) {
      for (const key of keys) await enqueue(key, { n: n++ });
    }
    await waitFor(() => Promise.resolve(log.length === n), 20000);
    expect(overlap).toBe(false);
    for (const key of keys) {
      const seen = log.filter((entry) => entry.key === key).map((entry) => entry.n);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(seen).toHaveLength(12);
    }
    expect(maxParallel).toBeGreaterThan(1);
    expect(new Set(log.map((entry) => entry.consumer)).size).toBe(2);
    const [stats] = await ops.stats([STREAM]);
    expect(stats?.groups[0]?.pending).toBe(0);
  });

  it('dead-letters a poison entry after the cap and keeps the stream flowing', async () => {
    await start('c1');
    await enqueue('k', { n: 1, behaviour: 'fail' });
    await enqueue('k', { n: 2 });
    await enqueue('other', { n: 3 });
    await waitFor(() => Promise.resolve(log.length === 2), 10000);
    expect(attemptsSeen.get(1)).toBe(3);
    // The poison entry of key k no longer blocks its successor.
    expect(log.map((entry) => entry.n).sort()).toEqual([2, 3]);
    const letters = await ops.deadLetters(10);
    expect(letters.total).toBe(1);
    expect(letters.items[0]).toMatchObject({
      original_stream: STREAM,
      message_id: 'm-1',
      ordering_key: 'k',
      attempts: 3,
      error: 'Error: poison 1',
      consumer_group: 'test_group',
    });
  });

  it('dead-letters a permanent error at once', async () => {
    await start('c1');
    await enqueue(null, { n: 1, behaviour: 'permanent' });
    await waitFor(async () => (await ops.deadLetters(10)).total === 1, 10000);
    expect(attemptsSeen.get(1)).toBe(1);
  });

  it('dead-letters unreadable data without calling a handler', async () => {
    await start('c1');
    await service.client.xadd(STREAM, '*', 'data', '{not json');
    await waitFor(async () => (await ops.deadLetters(10)).total === 1, 10000);
    const [letter] = (await ops.deadLetters(10)).items;
    expect(letter?.error).toContain('not JSON');
  });

  it('re-drives a dead letter once, even when asked twice', async () => {
    await start('c1');
    await enqueue('k', { n: 7, behaviour: 'permanent' });
    await waitFor(async () => (await ops.deadLetters(10)).total === 1, 10000);
    const [letter] = (await ops.deadLetters(10)).items;
    if (!letter) throw new Error('no dead letter');
    const [first, second] = await Promise.all([ops.redrive(letter.id), ops.redrive(letter.id)]);
    expect([first.redriven, second.redriven].filter(Boolean)).toHaveLength(1);
    await waitFor(() => Promise.resolve((attemptsSeen.get(7) ?? 0) === 2), 10000);
    await waitFor(async () => (await ops.deadLetters(10)).total === 1, 10000);
  });

  it('continues a paused entry later without counting an attempt', async () => {
    await start('c1');
    await enqueue('k', { n: 1, behaviour: 'pause-once' });
    await enqueue('k', { n: 2 });
    await waitFor(() => Promise.resolve(log.length === 2), 10000);
    expect(log.map((entry) => entry.n)).toEqual([1, 2]);
    expect(await service.client.hlen(`stream:attempts:${STREAM}`)).toBe(0);
  });

  it('reclaims the entries of a consumer that died holding them', async () => {
    // A consumer that reads and then vanishes (no heartbeat, no ack): like kill -9.
    await service.client.xgroup(
      'CREATE',
      `${redis.keyPrefix}${STREAM}`,
      'test_group',
      '0',
      'MKSTREAM',
    );
    await enqueue('k', { n: 1 });
    await enqueue('k', { n: 2 });
    await service.client.xreadgroup(
      'GROUP',
      'test_group',
      'dead',
      'COUNT',
      10,
      'STREAMS',
      STREAM,
      '>',
    );
    await start('c1');
    await waitFor(() => Promise.resolve(log.length === 2), 15000);
    expect(log.map((entry) => entry.n)).toEqual([1, 2]);
    const [stats] = await ops.stats([STREAM]);
    expect(stats?.groups[0]?.pending).toBe(0);
  });

  it('hands running work back on stop so another consumer finishes it', async () => {
    const first = await start('c1', { concurrency: 1 });
    await enqueue('a', { n: 1, behaviour: 'slow' });
    await enqueue('b', { n: 2, behaviour: 'slow' });
    await enqueue('c', { n: 3, behaviour: 'slow' });
    await waitFor(() => Promise.resolve(log.length >= 1), 10000);
    await first.stop(2000);
    await start('c2');
    await waitFor(() => Promise.resolve(log.length === 3), 15000);
    expect(log.map((entry) => entry.n).sort()).toEqual([1, 2, 3]);
  });

  /** A consumer that read entries and vanished without a trace (kill -9). */
  const readAsDeadConsumer = async (name: string) => {
    await service.client
      .xgroup('CREATE', `${redis.keyPrefix}${STREAM}`, 'test_group', '0', 'MKSTREAM')
      .catch(() => undefined);
    await service.client.xreadgroup(
      'GROUP',
      'test_group',
      name,
      'COUNT',
      1000,
      'STREAMS',
      STREAM,
      '>',
    );
  };

  it("takes over dead consumers' entries even when everything it holds waits behind them", async () => {
    // 40 conversations: their first message died with a consumer, their second one arrives
    // after. The new consumer (read-ahead 20) fills up with second messages that all wait for
    // first messages nobody alive owns; it must still take those over and drain everything.
    const keys = Array.from({ length: 40 }, (_, i) => `conv-${i}`);
    for (const [i, key] of keys.entries()) await enqueue(key, { n: i });
    await readAsDeadConsumer('dead-1');
    for (const [i, key] of keys.entries()) await enqueue(key, { n: 100 + i });
    await start('c1', { concurrency: 1, readCount: 10 });
    await waitFor(() => Promise.resolve(log.length === 80), 30000);
    for (const [i, key] of keys.entries()) {
      expect(log.filter((entry) => entry.key === key).map((entry) => entry.n)).toEqual([
        i,
        100 + i,
      ]);
    }
    const [stats] = await ops.stats([STREAM]);
    expect(stats?.groups[0]?.pending).toBe(0);
  }, 60_000);

  it('drains after a storm of dead consumers, each leaving heads behind', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `conv-${i}`);
    let n = 0;
    const expected = new Map<string, number[]>(keys.map((key) => [key, []]));
    for (let round = 0; round < 5; round += 1) {
      for (const key of keys) {
        expected.get(key)?.push(n);
        await enqueue(key, { n: n++ });
      }
      // Each round's entries are read by a consumer that then dies.
      if (round < 4) await readAsDeadConsumer(`dead-${round}`);
    }
    await start('c1', { concurrency: 2, readCount: 5 });
    await start('c2', { concurrency: 2, readCount: 5 });
    await waitFor(() => Promise.resolve(log.length === n), 45000);
    expect(overlap).toBe(false);
    for (const key of keys) {
      expect(log.filter((entry) => entry.key === key).map((entry) => entry.n)).toEqual(
        expected.get(key),
      );
    }
  }, 60_000);

  /** The entry was running each time its consumer died: what a dead consumer leaves behind. */
  const diedRunning = async (times: number): Promise<string> => {
    await readAsDeadConsumer('dead');
    const [[id]] = (await service.client.xrange(STREAM, '-', '+')) as [[string, string[]]];
    await service.client.hincrby(`stream:attempts:${STREAM}`, id, times);
    return id;
  };

  it('handles a sound entry whose consumers died running it more often than the failure cap', async () => {
    await enqueue('k', { n: 1 });
    await diedRunning(4); // more than maxAttempts (3), not more than maxCrashes (4)
    await start('c1');
    await waitFor(() => Promise.resolve(log.length === 1), 15000);
    expect(attemptsSeen.get(1)).toBe(1);
    expect((await ops.deadLetters(10)).total).toBe(0);
    expect(await service.client.hlen(`stream:attempts:${STREAM}`)).toBe(0);
  });

  it('dead-letters an entry that was running at every death of its consumer past the cap', async () => {
    await enqueue('k', { n: 1 });
    await enqueue('k', { n: 2 });
    await diedRunning(5);
    await start('c1');
    await waitFor(() => Promise.resolve(log.length === 1), 15000);
    expect(attemptsSeen.get(1)).toBeUndefined(); // never run again: it kills its worker
    expect(log.map((entry) => entry.n)).toEqual([2]);
    const letters = await ops.deadLetters(10);
    expect(letters.total).toBe(1);
    expect(letters.items[0]?.message_id).toBe('m-1');
    expect(letters.items[0]?.error).toContain('died 5 times');
  });

  it('counts failures and deaths apart: failures still end at the failure cap', async () => {
    await enqueue('k', { n: 1, behaviour: 'fail' });
    await diedRunning(2);
    await start('c1');
    await waitFor(async () => (await ops.deadLetters(10)).total === 1, 15000);
    expect(attemptsSeen.get(1)).toBe(3);
    const [letter] = (await ops.deadLetters(10)).items;
    expect(letter?.error).toBe('Error: poison 1');
  });

  it('reports a stall when it holds work and acknowledges nothing, and recovers', async () => {
    const consumer = await start('c1', { stallAfterMs: 1000 });
    expect(consumer.progress().stalled).toBe(false);
    await enqueue('k', { n: 1, behaviour: 'hang' });
    await waitFor(() => Promise.resolve(attemptsSeen.get(1) === 1), 5000);
    const stalled = await waitFor(() => {
      const progress = consumer.progress();
      return Promise.resolve(progress.stalled ? progress : null);
    }, 5000);
    expect(stalled.hasWork).toBe(true);
    expect(stalled.sinceProgressMs).toBeGreaterThan(1000);
    await waitFor(
      () => Promise.resolve((consumer.progress().oldestPendingAgeMs ?? 0) > 1000),
      5000,
    );
    release();
    await waitFor(() => Promise.resolve(log.length === 1), 5000);
    expect(consumer.progress().stalled).toBe(false);
    await waitFor(() => Promise.resolve(consumer.progress().oldestPendingAgeMs === null), 5000);
  });
});
