import { interpretWebhook, StreamName } from '@app/domain';
import { customerLockKeys } from '../../apps/worker/src/conversation/conversation-ingest.service';
import { incomingEvent } from '../support/chatwoot-events';
import { waitFor } from '../support/process';
import { ChaosHarness } from './support/chaos-harness';
import { backlogSize } from './support/drain';
import { conversationIdentity, LoadResult, sendLoad, refusals } from './support/load-driver';
import { drainAndVerify } from './support/scenario';
import { killLoop } from './support/worker-pool';

jest.setTimeout(300_000);

/**
 * Crash storms: worker processes SIGKILLed every ~3 s under a backlog, restarted each time (as a
 * supervisor would). This is what once left a worker stalled for good: its read-ahead full of
 * entries waiting behind dead consumers' entries that it never took over (ADR 0003, "Progress
 * invariant"). After the storm the run must drain by itself, every message stored once and in
 * order, every conversation answered once, nothing dead-lettered — with the default caps: a
 * kill is counted against the entries it interrupted as a crash, not as a failed attempt. The
 * line printed per run gives the largest backlog a kill hit (pending + unread entries of both
 * streams).
 */
describe('chaos: workers killed with SIGKILL under a backlog', () => {
  let h: ChaosHarness | undefined;

  afterEach(async () => {
    await h?.destroy();
    h = undefined;
  });

  const storm = async (harness: ChaosHarness, kills: number): Promise<number> => {
    let largest = 0;
    await killLoop(harness.pool, {
      kills,
      intervalMs: 3000,
      random: harness.random,
      afterKill: async () => {
        largest = Math.max(largest, await backlogSize(harness));
      },
    });
    return largest;
  };

  it('kill -9 loop: 3000 messages / 300 conversations at 100/s, a worker killed every ~3 s, 10 times', async () => {
    h = await ChaosHarness.start({ seed: 1001 });
    await h.pool.start(2);
    const startedAt = Date.now();
    const loading = sendLoad(h.webhookUrl, {
      messages: 3000,
      conversations: 300,
      ratePerSecond: 100,
      firstMessageId: 1_000_000,
      firstConversationId: 10_000,
    });
    const largestBacklog = await storm(h, 10);
    const load = await loading;
    expect(refusals(load)).toBe('none');
    expect(load.accepted).toHaveLength(3000);
    expect(h.pool.kills).toBe(10);
    await drainAndVerify(h, load, {
      name: 'kill -9 loop (2 workers)',
      startedAt,
      facts: { kills: h.pool.kills, largest_backlog_at_a_kill: largestBacklog },
    });
  });

  it.each([2, 3])(
    '%i workers, random ones killed every ~3 s, 6 times: 600 messages / 60 conversations at 100/s',
    async (workers) => {
      h = await ChaosHarness.start({ seed: 2000 + workers });
      await h.pool.start(workers);
      const startedAt = Date.now();
      const loading = sendLoad(h.webhookUrl, {
        messages: 600,
        conversations: 60,
        ratePerSecond: 100,
        firstMessageId: 2_000_000,
        firstConversationId: 20_000,
      });
      const largestBacklog = await storm(h, 6);
      const load = await loading;
      expect(refusals(load)).toBe('none');
      expect(load.accepted).toHaveLength(600);
      expect(h.pool.kills).toBe(6);
      await drainAndVerify(h, load, {
        name: `${workers} workers, random kills`,
        startedAt,
        facts: { workers, kills: h.pool.kills, largest_backlog_at_a_kill: largestBacklog },
      });
    },
  );

  // Runs of an entry are counted before its handler starts (so input that kills the worker
  // ends as a dead letter), but deaths of the worker and failures of the handler are capped
  // apart (STREAM_MAX_CRASHES vs STREAM_MAX_ATTEMPTS): a sound message whose handler happens
  // to be running each time a worker is killed must still be stored and answered. The handler
  // is held on the customer's lock (a slow database, or a slow model call, is the same to the
  // consumer) and the one worker is killed each time it runs it — more kills than the failure
  // cap.
  it('a sound message running at 5 kills of its worker is still stored and answered once', async () => {
    h = await ChaosHarness.start({ seed: 1101 });
    await h.pool.start(1);
    const conversation = 11_000;
    const holder = h.db.createQueryRunner();
    await holder.connect();
    // The locks the worker takes on this customer before storing the message.
    const decision = interpretWebhook(
      incomingEvent({ id: 1, conversationId: conversation, ...conversationIdentity(conversation) }),
    );
    if (decision.outcome !== 'accept') throw new Error(`unexpected ${decision.outcome}`);
    const locks = customerLockKeys(decision.message);
    await holder.query('SELECT pg_advisory_lock(hashtext(k)) FROM unnest($1::text[]) AS k', [
      locks,
    ]);
    const startedAt = Date.now();
    let load: LoadResult | undefined;
    try {
      load = await sendLoad(h.webhookUrl, {
        messages: 1,
        conversations: 1,
        ratePerSecond: 10,
        firstMessageId: 1_100_000,
        firstConversationId: conversation,
      });
      const stream = `${h.redis.keyPrefix}${StreamName.INCOMING_MESSAGES}`;
      const [[entryId]] = (await h.redis.raw.xrange(stream, '-', '+')) as [[string, string[]]];
      const attempts = `${h.redis.keyPrefix}stream:attempts:${StreamName.INCOMING_MESSAGES}`;
      for (let kill = 1; kill <= 5; kill += 1) {
        // The worker runs the message (its attempt `kill`) and waits for the lock: kill it.
        await waitFor(
          async () => Number(await h!.redis.raw.hget(attempts, entryId)) >= kill,
          60_000,
        );
        await h.pool.killRandom();
      }
    } finally {
      await holder.query('SELECT pg_advisory_unlock_all()');
      await holder.release();
    }
    await drainAndVerify(h, load, { name: 'slow message under 5 kills', startedAt });
  });
});
