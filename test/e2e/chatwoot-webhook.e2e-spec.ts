import request from 'supertest';
import { DataSource } from 'typeorm';
import { parseEnvelope, StreamName } from '@app/domain';
import { signChatwootBody } from '../../apps/api/src/webhooks/chatwoot/webhook-signature';
import { bootApi, TestApi } from '../support/api';
import { chatwootFixture, incomingEvent } from '../support/chatwoot-events';

const TOKEN = 'webhook-token-0123456789';
const SECRET = 'webhook-hmac-secret';

const entries = async (api: TestApi) => {
  const raw = await api.redis.raw.xrange(
    `${api.redis.keyPrefix}${StreamName.INCOMING_MESSAGES}`,
    '-',
    '+',
  );
  return raw.map(([id, fields]) => ({ id, envelope: parseEnvelope(fields[1]) }));
};

describe('POST /webhook/chatwoot/{token} (e2e)', () => {
  let api: TestApi;
  const post = (body: unknown, token = TOKEN) =>
    request(api.app.getHttpServer())
      .post(`/webhook/chatwoot/${token}`)
      .send(body as object);

  beforeAll(async () => {
    api = await bootApi({ env: { CHATWOOT_WEBHOOK_TOKEN: TOKEN } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('rejects a wrong or missing token with 401 and queues nothing', async () => {
    const body = incomingEvent({ id: 1, conversationId: 10 });
    await post(body, 'wrong-token').expect(401);
    await post(body, `${TOKEN}x`).expect(401);
    expect(await entries(api)).toHaveLength(0);
  });

  it('queues an incoming message, reading only top-level fields', async () => {
    const body = incomingEvent({ id: 101, conversationId: 11, content: 'Hola, escape homologado' });
    body.conversation.messages[0].id = 1; // another message: must not be read
    body.conversation.messages[0].content = 'otro mensaje';
    const res = await post(body).expect(200);
    expect(res.body).toEqual({ status: 'received' });
    const queued = (await entries(api)).find((e) => e.envelope.id === 'chatwoot:101');
    expect(queued?.envelope).toMatchObject({
      type: 'chatwoot.message_received.v1',
      key: '11',
      payload: {
        chatwoot_message_id: 101,
        conversation_id: '11',
        content: 'Hola, escape homologado',
        contact: { phone: { e164: '+34612345678', status: 'valid' } },
        source: 'webhook',
      },
    });
  });

  it('answers duplicate for the same message id, also under concurrency, and queues it once', async () => {
    const body = incomingEvent({ id: 202, conversationId: 12 });
    const results = await Promise.all(Array.from({ length: 20 }, () => post(body)));
    const statuses = results.map((res) => res.body.status as string);
    expect(statuses.filter((s) => s === 'received')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(19);
    expect((await entries(api)).filter((e) => e.envelope.id === 'chatwoot:202')).toHaveLength(1);
  });

  it.each([
    ['missing phone (WhatsApp username user)', null, 'missing'],
    ['invalid phone', '+3412345', 'invalid'],
    ['phone without +', '34699111222', 'valid'],
  ])('never drops a message for data quality: %s', async (_name, phone, status) => {
    const id = 300 + Math.floor(Math.random() * 1000);
    const res = await post(incomingEvent({ id, conversationId: 13, phone })).expect(200);
    expect(res.body.status).toBe('received');
    const queued = (await entries(api)).find((e) => e.envelope.id === `chatwoot:${id}`);
    expect(
      (queued?.envelope.payload as { contact: { phone: { status: string } } }).contact.phone.status,
    ).toBe(status);
  });

  it.each([
    'message_created_outgoing_agent',
    'message_created_private_note',
    'message_updated',
    'conversation_created',
    'conversation_status_changed',
    'conversation_updated_assignee',
    'contact_created',
    'contact_updated',
  ])('ignores %s with 200', async (name) => {
    const res = await post(chatwootFixture(name)).expect(200);
    expect(res.body).toEqual({ status: 'ignored' });
  });

  it('ignores a conversation where the bot is off, and remembers the id', async () => {
    const body = incomingEvent({
      id: 404,
      conversationId: 14,
      attributes: { atencion_automatica: false },
    });
    const res = await post(body).expect(200);
    expect(res.body).toEqual({ status: 'ignored_auto_attention_disabled' });
    expect((await entries(api)).some((e) => e.envelope.id === 'chatwoot:404')).toBe(false);
    expect(await api.redis.raw.exists(`${api.redis.keyPrefix}idempotency:chatwoot:404`)).toBe(1);
  });

  it.each([[[]], ['"text"'], [{ hello: 'world' }], [{ event: 'message_created', id: 'x' }]])(
    'answers 400 only for bodies that are not Chatwoot events (%p)',
    async (body) => {
      const res = await post(body).expect(400);
      expect(res.body).toMatchObject({ success: false, error_code: 'INVALID_WEBHOOK_PAYLOAD' });
    },
  );

  it('writes nothing to PostgreSQL', async () => {
    const db = api.app.get(DataSource);
    const [{ count }] = await db.query(
      `SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM conversation_history)
         + (SELECT count(*) FROM conversation_messages) + (SELECT count(*) FROM stream_outbox) AS count`,
    );
    expect(Number(count)).toBe(0);
  });

  it('accepts a 1.5 MB message (Chatwoot repeats long content three times)', async () => {
    const body = incomingEvent({ id: 505, conversationId: 15, content: 'x'.repeat(500_000) });
    body.conversation.messages[0].content = 'x'.repeat(500_000);
    body.conversation.messages[0].processed_message_content = 'x'.repeat(500_000);
    await post(body).expect(200);
  });
});

describe('Chatwoot webhook with signature verification (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await bootApi({
      env: { CHATWOOT_WEBHOOK_TOKEN: TOKEN, CHATWOOT_WEBHOOK_SECRET: SECRET },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  const send = (raw: string, headers: Record<string, string>) =>
    request(api.app.getHttpServer())
      .post(`/webhook/chatwoot/${TOKEN}`)
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(raw);

  it('accepts a correctly signed body', async () => {
    const raw = JSON.stringify(incomingEvent({ id: 601, conversationId: 20 }));
    const res = await send(raw, signChatwootBody(SECRET, raw)).expect(200);
    expect(res.body.status).toBe('received');
  });

  it('rejects missing, wrong, tampered and stale signatures with 401', async () => {
    const raw = JSON.stringify(incomingEvent({ id: 602, conversationId: 20 }));
    await send(raw, {}).expect(401);
    await send(raw, signChatwootBody('another-secret', raw)).expect(401);
    await send(raw.replace('602', '603'), signChatwootBody(SECRET, raw)).expect(401);
    const old = Math.floor(Date.now() / 1000) - 600;
    await send(raw, signChatwootBody(SECRET, raw, old)).expect(401);
  });
});
