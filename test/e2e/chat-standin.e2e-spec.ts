/**
 * "Try it without Chatwoot": the chat client's core (scripts/chat/chat-client.ts, behind
 * `npm run chat`) talks to the local Chatwoot stand-in, which posts real webhooks to the api
 * and serves the REST calls of a real worker process, as ./scripts/start.sh wires them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { ChatSession } from '../../scripts/chat/chat-client';
import { StandInEvent } from '../../scripts/chat/protocol';
import { ChatwootStandIn } from '../../scripts/chat/standin';
import { bootApi, TestApi } from '../support/api';
import { seedCatalogue } from '../support/catalogue';
import { startWorker, TestWorker } from '../support/worker';

jest.setTimeout(40_000);

const WEBHOOK_TOKEN = 'webhook-token-chat-standin-0123456789';
const API_TOKEN = 'standin-token-not-the-fakes';

/** A public reply of the bot written after the customer message `after`. */
const replyAfter =
  (after: number, pattern: RegExp) =>
  (event: StandInEvent): boolean =>
    event.type === 'message' &&
    !event.message.private &&
    event.message.id > after &&
    pattern.test(event.message.content ?? '');

describe('terminal chat through the local Chatwoot stand-in (e2e, real worker process)', () => {
  let api: TestApi;
  let standIn: ChatwootStandIn;
  let worker: TestWorker;
  let session: ChatSession;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chat-standin-'));
    api = await bootApi({ env: { CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN } });
    await seedCatalogue(api);
    await api.app.listen(0, '127.0.0.1');
    const apiUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    standIn = await new ChatwootStandIn({
      apiToken: API_TOKEN,
      accountId: 1,
      webhookUrl: `${apiUrl}/webhook/chatwoot/${WEBHOOK_TOKEN}`,
      port: 0,
      health: { api: `${apiUrl}/health` },
    }).start();
    worker = await startWorker(api.db, api.redis, standIn, {
      CHATWOOT_API_TOKEN: API_TOKEN,
      API_BASE_URL: apiUrl,
    });
    session = new ChatSession(standIn.url);
  });

  afterAll(async () => {
    session?.close();
    await worker?.stop();
    await standIn?.stop();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('quotes, opens a case on "vale" and stores a photo sent from a local file', async () => {
    expect((await session.health()).api?.up).toBe(true);
    const { conversation_id: conversationId } = await session.newConversation('Marta Prueba');

    const asked = await session.say('quiero homologar el escape de mi moto');
    expect(asked.webhook).toMatchObject({ status: 200, outcome: 'received' });
    await session.waitFor(replyAfter(asked.message_id, /140 €/), 15_000);

    const accepted = await session.say('vale');
    await session.waitFor(replyAfter(accepted.message_id, /foto/i), 10_000);

    const photo = join(dir, 'escape.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a3b2c' } })
      .jpeg()
      .toFile(photo);
    const sent = await session.sendPhoto(photo);
    expect(sent.webhook.outcome).toBe('received');
    await session.waitFor(replyAfter(sent.message_id, /he recibido 1 foto/i), 10_000);

    const rows: { mime_type: string; chatwoot_message_id: number }[] = await api.app
      .get(DataSource)
      .query(
        `SELECT i.mime_type, i.chatwoot_message_id FROM case_images i
           JOIN cases c ON c.id = i.case_id WHERE c.conversation_id = $1`,
        [String(conversationId)],
      );
    // The real JPEG's bytes, downloaded from the stand-in's data_url (not a placeholder).
    expect(rows).toEqual([{ mime_type: 'image/jpeg', chatwoot_message_id: sent.message_id }]);
  });

  it('stops passing messages to the bot once the conversation is handed over', async () => {
    await session.newConversation();
    await fetch(
      `${standIn.url}/_standin/conversations/${session.conversation?.conversation_id}/custom_attributes`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ custom_attributes: { atencion_automatica: false } }),
      },
    );
    const sent = await session.say('hola?');
    expect(sent.webhook.outcome).toBe('ignored_auto_attention_disabled');
  });

  it("checks Chatwoot's api_access_token", async () => {
    const res = await fetch(`${standIn.url}/api/v1/accounts/1/conversations`, {
      headers: { api_access_token: 'wrong' },
    });
    expect(res.status).toBe(401);
  });
});
