import { buildEnvelope, MessageType, StreamName } from '@app/domain';
import { ChaosHarness } from './support/chaos-harness';
import { sendLoad, refusals } from './support/load-driver';
import { sleep } from '../support/random';
import { drainAndVerify } from './support/scenario';

jest.setTimeout(300_000);

/**
 * Poison input: entries no handler can ever process, XADDed straight to the streams (as a bug
 * or an operator could) in the middle of ordinary traffic, some of them keyed to live
 * conversations. Exactly those must end in the dead-letter stream, nothing else, and every
 * ordinary message must still be stored and answered.
 */
describe('chaos: poison entries in the streams', () => {
  let h: ChaosHarness | undefined;

  afterEach(async () => {
    await h?.destroy();
    h = undefined;
  });

  it('unparseable, unknown and invalid entries are dead-lettered, everything else drains', async () => {
    h = await ChaosHarness.start({ seed: 6001 });
    await h.pool.start(2);
    const harness = h;
    const firstConversationId = 60_000;
    const xadd = async (stream: StreamName, ...fields: string[]): Promise<string> => {
      const id = await harness.redis.raw.xadd(
        `${harness.redis.keyPrefix}${stream}`,
        '*',
        ...fields,
      );
      if (!id) throw new Error('XADD returned no id');
      return id;
    };
    const envelope = (type: string, key: string | null, payload: unknown): string =>
      JSON.stringify({
        ...buildEnvelope(MessageType.CHATWOOT_DELIVERY, `poison-${type}`, key, {}),
        type,
        payload,
      });

    const startedAt = Date.now();
    const loading = sendLoad(h.webhookUrl, {
      messages: 300,
      conversations: 30,
      ratePerSecond: 60,
      firstMessageId: 6_000_000,
      firstConversationId,
    });
    const poison: string[] = [];
    await sleep(1500);
    poison.push(
      await xadd(StreamName.INCOMING_MESSAGES, 'data', '{not json'),
      await xadd(StreamName.INCOMING_MESSAGES, 'junk', 'no data field at all'),
      await xadd(
        StreamName.INCOMING_MESSAGES,
        'data',
        envelope('chatwoot.nonexistent.v9', String(firstConversationId + 3), {}),
      ),
    );
    await sleep(1500);
    poison.push(
      // A known type with a payload that fails validation, keyed to a busy conversation (it is
      // not in that conversation's order list: it must neither block nor be blocked by it).
      await xadd(
        StreamName.INCOMING_MESSAGES,
        'data',
        envelope(MessageType.CHATWOOT_MESSAGE_RECEIVED, String(firstConversationId + 5), {
          conversation_id: 'x',
        }),
      ),
      await xadd(
        StreamName.OUTGOING_MESSAGES,
        'data',
        envelope(MessageType.CHATWOOT_DELIVERY, String(firstConversationId + 7), { steps: 'none' }),
      ),
      await xadd(StreamName.OUTGOING_MESSAGES, 'data', '\u0000\u00ff binary garbage'),
    );
    const load = await loading;
    expect(refusals(load)).toBe('none');
    expect(load.accepted).toHaveLength(300);
    await drainAndVerify(h, load, {
      name: 'poison entries',
      startedAt,
      poisonEntryIds: poison,
      facts: { poison: poison.length },
    });
  });
});
