/**
 * No echo and no silence after a hand-back. Panic-button escalation → messages during the
 * escalation are left to the human → staff resolve it → the customer's next message is stored
 * and answered once by the customer agent, and what goes out is the agent's answer (a quote) —
 * never the customer's text, never nothing. Resolving clears every trace of the escalation (the
 * open row and Chatwoot's `atencion_automatica`), so no leftover flag can make the bot echo.
 *
 * The worker runs in-process (same module graph as apps/worker); Chatwoot is a real local HTTP
 * server; messages enter through the real webhook.
 */
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { BotResumeMarker } from '@app/streams';
import { DataSource } from 'typeorm';
import { BotMessages, StreamName } from '@app/domain';
import { loadWorkerConfig } from '../../apps/worker/src/config/worker.config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { seedCatalogue } from '../support/catalogue';
import { incomingEvent } from '../support/chatwoot-events';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { freePort, waitFor } from '../support/process';
import { workerEnv } from '../support/worker';

jest.setTimeout(120_000);

/** Waits for a synchronous condition on the fake server's state. */
const until = (check: () => boolean): Promise<boolean> => waitFor(() => Promise.resolve(check()));

const WEBHOOK_TOKEN = 'webhook-token-resume-0123456789';
const CONVERSATION = 8801;

describe('escalation resolve → the customer is answered again (e2e)', () => {
  let chatwoot: FakeChatwoot;
  let api: TestApi;
  let worker: INestApplication;

  const webhook = (id: number, content: string) =>
    request(api.app.getHttpServer())
      .post(`/webhook/chatwoot/${WEBHOOK_TOKEN}`)
      .send(
        incomingEvent({
          id,
          conversationId: CONVERSATION,
          content,
          // What Chatwoot sends is the conversation's current attributes.
          attributes: { ...chatwoot.conversation(CONVERSATION).custom_attributes },
        }),
      );
  const setPanic = async (on: boolean): Promise<void> => {
    await api.app
      .get(DataSource)
      .query(`UPDATE system_settings SET value = $1 WHERE key = 'agent_enabled'`, [
        on ? 'false' : 'true',
      ]);
    await api.redis.raw.del(`${api.redis.keyPrefix}system_setting:agent_enabled`);
  };
  const stored = (): Promise<{ role: string; content: string; chatwoot_message_id: number }[]> =>
    api.app.get(DataSource).query(
      `SELECT m.role, m.content, m.chatwoot_message_id FROM conversation_messages m
         JOIN conversation_history h ON h.id = m.conversation_history_id
        WHERE h.conversation_id = $1 ORDER BY m.created_at, m.id`,
      [String(CONVERSATION)],
    );
  const idle = async (): Promise<void> => {
    await waitFor(async () => {
      for (const stream of [StreamName.INCOMING_MESSAGES, StreamName.OUTGOING_MESSAGES]) {
        const key = `${api.redis.keyPrefix}${stream}`;
        if (!(await api.redis.raw.exists(key))) continue;
        const groups = (await api.redis.raw.xinfo('GROUPS', key)) as unknown[][];
        for (const group of groups) {
          const info: Record<string, unknown> = {};
          for (let i = 0; i < group.length; i += 2) info[String(group[i])] = group[i + 1];
          if (Number(info.pending) > 0 || Number(info.lag ?? 0) > 0) return false;
        }
      }
      return true;
    }, 30000);
  };

  beforeAll(async () => {
    chatwoot = await new FakeChatwoot().start();
    api = await bootApi({
      env: { CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN, CHATWOOT_API_URL: chatwoot.url },
    });
    const config = loadWorkerConfig(
      workerEnv(api.db, api.redis, chatwoot, {
        LOG_LEVEL: 'silent',
        WORKER_HTTP_PORT: String(await freePort()),
      }),
    );
    await seedCatalogue(api);
    const moduleRef = await Test.createTestingModule({
      imports: [WorkerModule.forRoot(config)],
    }).compile();
    worker = moduleRef.createNestApplication({ logger: false });
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await chatwoot?.stop();
  });

  it('resolving the escalation clears it: the next message is stored and answered by the agent', async () => {
    const conversation = chatwoot.conversation(CONVERSATION);

    // 1. Panic button: the first message escalates and switches the bot off in Chatwoot.
    await setPanic(true);
    await webhook(9001, 'Hola, quiero homologar un escape').expect(200, { status: 'received' });
    await until(() => conversation.labels.includes('escalado'));
    expect(conversation.custom_attributes.atencion_automatica).toBe(false);
    await idle();
    expect((await stored()).filter((row) => row.role === 'assistant')).toHaveLength(0);

    // 2. While a human handles it, Chatwoot reports the bot off: the webhook leaves it alone.
    await webhook(9002, '¿Hay alguien?').expect(200, { status: 'ignored_auto_attention_disabled' });

    // 3. Staff switch the panic button off and resolve the escalation.
    await setPanic(false);
    const { token } = await loginAs(api, 'user');
    const list = await request(api.app.getHttpServer())
      .get('/api/admin/escalations')
      .query({ status: 'pending' })
      .set(bearer(token))
      .expect(200);
    const escalation = list.body.items.find(
      (item: { conversation_id: string }) => item.conversation_id === String(CONVERSATION),
    );
    expect(escalation).toMatchObject({ source: 'agent_disabled', status: 'pending' });
    // Chatwoot is slow to take the bot back (its attribute endpoint fails for now), so its
    // webhooks still say atencion_automatica=false right after the resolve.
    chatwoot.fail('POST', /\/custom_attributes$/, 500, 1000);
    await request(api.app.getHttpServer())
      .post(`/api/admin/escalations/${escalation.id}/resolve`)
      .set(bearer(token))
      .expect(200);
    const marker = `${api.redis.keyPrefix}${BotResumeMarker.key(String(CONVERSATION))}`;
    expect(await api.redis.raw.exists(marker)).toBe(1);

    // 4. The customer writes again inside that window: not dropped — stored, handed to the
    //    agent once, and the agent's answer goes out once Chatwoot recovers.
    const text = 'Vuelvo a escribir: ¿cuánto cuesta el escape?';
    expect(conversation.custom_attributes.atencion_automatica).toBe(false);
    await webhook(9003, text).expect(200, { status: 'received' });
    await waitFor(async () => (await stored()).some((row) => row.role === 'assistant'));
    chatwoot.clearScripts();
    await until(() => conversation.custom_attributes.atencion_automatica === true);
    // The quote is one reply: its text and the offer to open a case as a follow-up message.
    await until(() => chatwoot.outgoing(CONVERSATION).length === 4);
    await idle();
    expect(conversation.labels).not.toContain('escalado');
    // Chatwoot has the new state itself now: the override is gone.
    expect(await api.redis.raw.exists(marker)).toBe(0);

    const rows = await stored();
    expect(rows.map((row) => [row.role, row.content])).toEqual([
      ['user', 'Hola, quiero homologar un escape'],
      ['user', text],
      ['assistant', expect.stringContaining('140')],
    ]);
    const outgoing = chatwoot.outgoing(CONVERSATION).map((message) => message.content);
    expect(outgoing).toEqual([
      expect.stringContaining('asistente automático no está disponible'), // panic reply
      BotMessages.ESCALATION_RESOLVED,
      expect.stringContaining('140 €'), // the quote of the escape (tier T6)
      expect.stringContaining('expediente'), // the offer to open a case
    ]);
    // Never an echo of anything the customer wrote.
    for (const customerText of ['Hola, quiero homologar un escape', '¿Hay alguien?', text]) {
      expect(outgoing).not.toContain(customerText);
    }
    // And no new escalation: the conversation is back with the bot.
    const [{ open }] = await api.app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS open FROM escalations WHERE conversation_id = $1 AND status <> 'resolved'`,
        [String(CONVERSATION)],
      );
    expect(open).toBe(0);
  });
});
