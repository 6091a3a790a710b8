import { DataSource } from 'typeorm';
import { buildEnvelope, MessageType, StreamEnvelope } from '@app/domain';
import { LiveEventPublisher } from './live-events';
import { UnpublishedOutboxRow } from './outbox-records';
import { OutboxService } from './outbox.service';
import { StreamProducer } from './stream-producer.service';

/** A database whose UPDATEs complete when the test says so, recording the ids each one marks. */
class FakeDatabase {
  public readonly updates: string[][] = [];
  public failNext = false;
  private readonly waiting: (() => void)[] = [];

  public readonly query = (sql: string, params: [string[]]): Promise<unknown> => {
    expect(sql).toContain('UPDATE "stream_outbox" SET "published_at" = now()');
    this.updates.push([...params[0]]);
    const fail = this.failNext;
    this.failNext = false;
    return new Promise((resolve, reject) => {
      this.waiting.push(() => (fail ? reject(new Error('connection lost')) : resolve([])));
    });
  };

  /** Completes the UPDATE in flight and lets the service react. */
  public async complete(): Promise<void> {
    this.waiting.shift()?.();
    await settle();
  }

  public get inFlight(): number {
    return this.waiting.length;
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

const row = (id: string, key = 'c1'): UnpublishedOutboxRow => ({
  id,
  message_type: MessageType.CHATWOOT_DELIVERY,
  ordering_key: key,
  envelope: buildEnvelope(MessageType.CHATWOOT_DELIVERY, `e-${id}`, key, {}),
  position: 0,
});

describe('OutboxService.publishRows', () => {
  let db: FakeDatabase;
  let enqueued: string[];
  let outbox: OutboxService;

  beforeEach(() => {
    db = new FakeDatabase();
    enqueued = [];
    const producer = {
      enqueue: (envelope: StreamEnvelope) => {
        enqueued.push(envelope.id);
        return Promise.resolve({ entryId: '1-0', duplicate: false });
      },
    } as unknown as StreamProducer;
    outbox = new OutboxService(
      { query: db.query } as unknown as DataSource,
      producer,
      {} as LiveEventPublisher,
    );
  });

  it('publishes at once and marks the rows of many turns with few statements', async () => {
    const published = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outbox.publishRows('c1', [row(`r${i}`)])),
    );
    expect(published).toEqual(Array.from({ length: 20 }, () => 1));
    expect(enqueued).toHaveLength(20);
    // The turns returned without waiting for a mark; one UPDATE is in flight.
    await settle();
    expect(db.inFlight).toBe(1);
    await db.complete();
    await db.complete();
    expect(db.inFlight).toBe(0);
    expect(db.updates.length).toBeLessThanOrEqual(2);
    expect(db.updates.flat().sort()).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`).sort());
  });

  it('marks a row published while an UPDATE is in flight with the next one', async () => {
    await outbox.publishRows('c1', [row('a')]);
    await settle();
    expect(db.updates).toEqual([['a']]);
    await outbox.publishRows('c1', [row('b'), row('c')]);
    await settle();
    expect(db.updates).toEqual([['a']]); // one at a time
    await db.complete();
    expect(db.updates).toEqual([['a'], ['b', 'c']]);
    await db.complete();
    await outbox.publishRows('c1', [row('d')]);
    await settle();
    expect(db.updates).toEqual([['a'], ['b', 'c'], ['d']]);
    await db.complete();
  });

  it('keeps marking after a failed UPDATE (those rows are left to the sweeper)', async () => {
    db.failNext = true;
    await outbox.publishRows('c1', [row('lost')]);
    await settle();
    await db.complete();
    await outbox.publishRows('c1', [row('next')]);
    await settle();
    expect(db.updates).toEqual([['lost'], ['next']]);
    await db.complete();
  });

  it('waits for the marks in flight before the application stops', async () => {
    await outbox.publishRows('c1', [row('a')]);
    await settle();
    let stopped = false;
    const stopping = outbox.beforeApplicationShutdown().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    await db.complete();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('leaves rows of other ordering keys unmarked here', async () => {
    const publishKey = jest.spyOn(outbox, 'publishKey').mockResolvedValue(1);
    const published = await outbox.publishRows('c1', [row('mine'), row('theirs', 'c2')]);
    expect(published).toBe(2);
    expect(publishKey).toHaveBeenCalledWith('c2');
    await settle();
    expect(db.updates).toEqual([['mine']]);
    await db.complete();
  });
});
