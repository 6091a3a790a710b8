import { ChaosHarness } from './support/chaos-harness';
import { sendLoad, refusals } from './support/load-driver';
import { drainAndVerify } from './support/scenario';

jest.setTimeout(300_000);

/**
 * Chatwoot failing: 30 % of its POSTs answer 500 (nothing stored) and 10 % are stored but
 * answered only after 2.5 s, past the worker's 1 s CHATWOOT_TIMEOUT_MS (the worker cannot know
 * whether the write happened). The delivery handler retries failed steps and, for a message
 * step that was started but not confirmed, looks in the conversation before sending it again:
 * every conversation must still get exactly one reply and one note.
 */
describe('chaos: Chatwoot failing and timing out', () => {
  let h: ChaosHarness | undefined;

  afterEach(async () => {
    await h?.destroy();
    h = undefined;
  });

  it('30 % of POSTs answer 500 and 10 % hang past the timeout: exactly one reply per conversation', async () => {
    h = await ChaosHarness.start({
      seed: 5001,
      faults: { failureRate: 0.3, hangRate: 0.1, hangMs: 2500, methods: ['POST'] },
      workerEnv: {
        CHATWOOT_TIMEOUT_MS: '1000',
        // A panic delivery makes 4 POSTs; with 40 % of them failing, the default cap of 10
        // attempts would dead-letter about 1 delivery in 400 by design. Here every delivery
        // must get through, so the cap is out of reach (the backoff stays at most 1 s).
        DELIVERY_MAX_ATTEMPTS: '40',
      },
    });
    await h.pool.start(2);
    const startedAt = Date.now();
    const load = await sendLoad(h.webhookUrl, {
      messages: 400,
      conversations: 80,
      ratePerSecond: 100,
      firstMessageId: 5_000_000,
      firstConversationId: 50_000,
    });
    expect(refusals(load)).toBe('none');
    expect(load.accepted).toHaveLength(400);
    await drainAndVerify(h, load, {
      name: 'Chatwoot 30% 500 + 10% hangs',
      startedAt,
      facts: () => ({
        chatwoot_500s: h!.chatwoot.faultStats.failed,
        chatwoot_hangs: h!.chatwoot.faultStats.hung,
        message_posts: h!.chatwoot.calls('POST', /\/messages$/).length,
      }),
    });
    // The faults were real, and hit the message sends too: more POSTs than messages stored
    // (one reply and one note per conversation).
    expect(h.chatwoot.faultStats.failed).toBeGreaterThan(20);
    expect(h.chatwoot.faultStats.hung).toBeGreaterThan(5);
    expect(h.chatwoot.calls('POST', /\/messages$/).length).toBeGreaterThan(2 * 80);
  });
});
