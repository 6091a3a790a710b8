/**
 * The customer agent end to end: every dialogue of test/e2e/dialogues runs through the real
 * webhook, a real worker process (the deterministic engine, no LLM) and the fake Chatwoot,
 * which lists the bot's messages in the conversation like the real one.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { foldText } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { seedCatalogue } from '../support/catalogue';
import { incomingEvent } from '../support/chatwoot-events';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { waitForStreamsIdle } from '../support/streams';
import { startWorker, TestWorker } from '../support/worker';
import { CASE_DIALOGUES } from './dialogues/cases.dialogues';
import { Dialogue } from './dialogues/dialogue';
import { QUOTE_DIALOGUES } from './dialogues/quotes.dialogues';

jest.setTimeout(120_000);

const WEBHOOK_TOKEN = 'webhook-token-dialogues-0123456789';
const DIALOGUES: Dialogue[] = [...QUOTE_DIALOGUES, ...CASE_DIALOGUES];

describe('customer agent dialogues (e2e, real worker process)', () => {
  let chatwoot: FakeChatwoot;
  let api: TestApi;
  let worker: TestWorker;
  let nextMessageId = 50_000;

  beforeAll(async () => {
    chatwoot = await new FakeChatwoot().start();
    api = await bootApi({
      env: { CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN, CHATWOOT_API_URL: chatwoot.url },
    });
    await seedCatalogue(api);
    worker = await startWorker(api.db, api.redis, chatwoot);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await chatwoot?.stop();
  });

  const send = (conversationId: number, content: string, tipo?: string) =>
    request(api.app.getHttpServer())
      .post(`/webhook/chatwoot/${WEBHOOK_TOKEN}`)
      .send(
        incomingEvent({
          id: nextMessageId++,
          conversationId,
          content,
          contactId: 90_000 + conversationId,
          phone: `+3461${String(conversationId).padStart(7, '0')}`,
          attributes: tipo ? { tipo } : {},
        }),
      )
      .expect(200);

  const facts = async (conversationId: number) => {
    const db = api.app.get(DataSource);
    const [latestCase] = await db.query(
      `SELECT * FROM cases WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [String(conversationId)],
    );
    const [{ open }] = await db.query(
      `SELECT count(*)::int AS open FROM escalations
        WHERE conversation_id = $1 AND status IN ('pending', 'in_progress')`,
      [String(conversationId)],
    );
    const [customer] = await db.query(
      `SELECT u.* FROM users u JOIN conversation_history h ON h.user_id = u.id
        WHERE h.conversation_id = $1`,
      [String(conversationId)],
    );
    return { latestCase, open: open as number, customer };
  };

  it.each(DIALOGUES.map((dialogue, index) => [dialogue.name, dialogue, 7000 + index] as const))(
    '%s',
    async (_name, dialogue, conversationId) => {
      for (const [index, turn] of dialogue.turns.entries()) {
        const before = chatwoot.outgoing(conversationId).length;
        for (const text of Array.isArray(turn.say) ? turn.say : [turn.say]) {
          await send(conversationId, text, dialogue.tipo);
        }
        await waitForStreamsIdle(api.redis);
        const added = chatwoot.outgoing(conversationId).slice(before);
        const said = foldText(added.map((message) => message.content ?? '').join('\n'));
        const where = `turn ${index + 1} ("${String(turn.say)}") answered:\n${said}`;
        if (turn.silent) {
          expect({ where, count: added.length }).toEqual({ where, count: 0 });
          continue;
        }
        expect({ where, answered: added.length > 0 }).toEqual({ where, answered: true });
        for (const fragment of turn.expect ?? []) {
          expect({ where, has: said.includes(foldText(fragment)) }).toEqual({ where, has: true });
        }
        for (const fragment of turn.not ?? []) {
          expect({ where, lacks: !said.includes(foldText(fragment)) }).toEqual({
            where,
            lacks: true,
          });
        }
      }

      // Every customer message was answered by exactly one stored reply turn, never echoed.
      const outgoing = chatwoot.outgoing(conversationId).map((message) => message.content);
      for (const turn of dialogue.turns) {
        for (const text of Array.isArray(turn.say) ? turn.say : [turn.say]) {
          expect(outgoing).not.toContain(text);
        }
      }

      // One stored reply per answered turn: a burst is answered once, a redelivery never twice.
      const [{ replies }] = await api.app.get(DataSource).query(
        `SELECT count(*)::int AS replies FROM conversation_messages m
           JOIN conversation_history h ON h.id = m.conversation_history_id
          WHERE h.conversation_id = $1 AND m.role = 'assistant'`,
        [String(conversationId)],
      );
      expect(replies).toBe(dialogue.turns.filter((turn) => !turn.silent).length);

      const expected = dialogue.facts;
      if (!expected) return;
      const actual = await facts(conversationId);
      if (expected.caseStatus !== undefined) {
        expect(actual.latestCase?.status ?? null).toBe(expected.caseStatus);
      }
      if (expected.caseAmount !== undefined) {
        expect(Number(actual.latestCase?.tariff_amount)).toBe(expected.caseAmount);
      }
      if (expected.caseElements)
        expect(actual.latestCase?.element_codes).toEqual(expected.caseElements);
      for (const [column, value] of Object.entries(expected.case ?? {})) {
        expect({ column, value: actual.latestCase?.[column] }).toEqual({ column, value });
      }
      for (const [column, value] of Object.entries(expected.customer ?? {})) {
        expect({ column, value: actual.customer?.[column] }).toEqual({ column, value });
      }
      if (expected.openEscalations !== undefined)
        expect(actual.open).toBe(expected.openEscalations);
    },
  );
});
