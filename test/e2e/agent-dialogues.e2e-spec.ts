/**
 * The customer agent end to end: every dialogue of test/e2e/dialogues runs through the real
 * webhook, a real worker process (the deterministic engine, no LLM) and the fake Chatwoot,
 * which keeps the conversation's messages (the customer's too) and serves their attachments.
 * The runner is generic: photos, audio, staff actions, worker crashes and a second worker are
 * all data of the dialogues.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminRole, foldText } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { seedCatalogue } from '../support/catalogue';
import { incomingEvent } from '../support/chatwoot-events';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { FakeLlm } from '../support/fake-llm';
import { waitFor } from '../support/process';
import { waitForStreamsIdle } from '../support/streams';
import { startWorker, TestWorker } from '../support/worker';
import { CASE_DIALOGUES } from './dialogues/cases.dialogues';
import { COLLECTION_DIALOGUES } from './dialogues/collection.dialogues';
import {
  CrashPoint,
  Dialogue,
  DialogueFacts,
  DialoguePhoto,
  DialogueTurn,
  StaffAction,
} from './dialogues/dialogue';
import { HANDOVER_DIALOGUES } from './dialogues/handover.dialogues';
import { QUOTE_DIALOGUES } from './dialogues/quotes.dialogues';
import { RESILIENCE_DIALOGUES } from './dialogues/resilience.dialogues';

jest.setTimeout(120_000);

const WEBHOOK_TOKEN = 'webhook-token-dialogues-0123456789';
/**
 * AGENT_DIALOGUES_LLM=1 runs every dialogue with the language model on, against a fake
 * OpenAI-compatible server that picks the rule-based reading's tool and echoes the engine's
 * reply: the replies and facts must stay exactly the same.
 */
// eslint-disable-next-line no-restricted-syntax -- test harness switch, not app code
const WITH_LLM = process.env.AGENT_DIALOGUES_LLM === '1';
const DIALOGUES: Dialogue[] = [
  ...QUOTE_DIALOGUES,
  ...CASE_DIALOGUES,
  ...COLLECTION_DIALOGUES,
  ...HANDOVER_DIALOGUES,
  ...RESILIENCE_DIALOGUES,
];

type Row = Record<string, unknown>;
type Attachment = Record<string, unknown>;

/** A fragment as compared: folded like the replies (one that folds to nothing is a typo). */
const folded = (fragment: string): string => {
  const text = foldText(fragment);
  if (!text) throw new Error(`"${fragment}" folds to nothing: expect words, not symbols`);
  return text;
};

const texts = (turn: DialogueTurn): string[] =>
  turn.say === undefined ? [] : Array.isArray(turn.say) ? turn.say : [turn.say];
const repliesOf = (turn: DialogueTurn): number => turn.replies ?? (turn.silent ? 0 : 1);

describe('customer agent dialogues (e2e, real worker processes)', () => {
  let chatwoot: FakeChatwoot;
  let api: TestApi;
  let db: DataSource;
  let worker: TestWorker;
  let storageRoot: string;
  let adminToken: string;
  let jpeg: Buffer;
  let nextAttachmentId = 70_000;
  let llm: FakeLlm | null = null;

  const bootWorker = () =>
    startWorker(api.db, api.redis, chatwoot, {
      STORAGE_LOCAL_ROOT: storageRoot,
      ...(llm ? { LLM_BASE_URL: llm.url, LLM_TIMEOUT_MS: '5000', LLM_TURN_BUDGET_MS: '8000' } : {}),
    });

  beforeAll(async () => {
    storageRoot = await mkdtemp(join(tmpdir(), 'msia-dialogues-'));
    chatwoot = await new FakeChatwoot().start();
    if (WITH_LLM) llm = await new FakeLlm().start();
    api = await bootApi({
      env: { CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN, CHATWOOT_API_URL: chatwoot.url },
    });
    db = api.app.get(DataSource);
    // The worker reads the catalogue on its first turn: it may boot while the seed runs.
    const booting = bootWorker();
    await seedCatalogue(api);
    adminToken = (await loginAs(api, AdminRole.ADMIN)).token;
    jpeg = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 60, b: 30 } },
    })
      .jpeg()
      .toBuffer();
    worker = await booting;
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await chatwoot?.stop();
    await llm?.stop();
    if (storageRoot) await rm(storageRoot, { recursive: true, force: true });
  });

  /** A photo as Chatwoot describes it, its bytes served by the fake Chatwoot. */
  const attachment = (photo: DialoguePhoto | 'audio', messageId: number): Attachment => {
    const id = (nextAttachmentId += 1);
    const path = `/rails/active_storage/blobs/redirect/${id}/file`;
    let dataUrl: string;
    if (photo === 'jpeg') dataUrl = chatwoot.serveFile(`${path}.jpeg`, jpeg, 'image/jpeg');
    else if (photo === 'invalid') {
      dataUrl = chatwoot.serveFile(
        `${path}.jpeg`,
        Buffer.alloc(4096, 'not a photo '),
        'image/jpeg',
      );
    } else if (photo === 'audio') {
      dataUrl = chatwoot.serveFile(`${path}.ogg`, Buffer.alloc(512, 1), 'audio/ogg');
    } else if ('redirect' in photo) {
      dataUrl = chatwoot.serveRedirect(`${path}.jpeg`, photo.redirect);
    } else dataUrl = photo.url;
    const audio = photo === 'audio';
    return {
      id,
      message_id: messageId,
      file_type: audio ? 'audio' : 'image',
      account_id: 1,
      extension: audio ? 'ogg' : 'jpeg',
      content_type: audio ? 'audio/ogg' : 'image/jpeg',
      data_url: dataUrl,
      thumb_url: dataUrl,
      file_size: 4096,
      width: null,
      height: null,
    };
  };

  /**
   * A customer message: stored in the fake Chatwoot (whose ids are the conversation's order)
   * and, unless `missed`, announced through the real webhook with the conversation's current
   * attributes (a conversation handed to staff reports the bot off, as Chatwoot does).
   */
  const customerMessage = async (
    conversationId: number,
    dialogue: Dialogue,
    content: string | null,
    media: (DialoguePhoto | 'audio')[] = [],
    missed = false,
  ): Promise<number> => {
    const sender = {
      id: 90_000 + conversationId,
      name: 'Juan Pérez García',
      phone_number: `+3461${String(conversationId).padStart(7, '0')}`,
    };
    const message = chatwoot.addIncoming(conversationId, content ?? '', sender);
    message.content = content;
    const attachments = media.map((item) => attachment(item, message.id));
    message.attachments.push(...attachments);
    if (missed) return message.id;
    const attributes = { ...chatwoot.conversation(conversationId).custom_attributes };
    if (dialogue.tipo) attributes.tipo = dialogue.tipo;
    await request(api.app.getHttpServer())
      .post(`/webhook/chatwoot/${WEBHOOK_TOKEN}`)
      .send(
        incomingEvent({
          id: message.id,
          conversationId,
          content,
          contactId: sender.id,
          phone: sender.phone_number,
          attributes,
          attachments: attachments.length > 0 ? attachments : undefined,
        }),
      )
      .expect(200);
    return message.id;
  };

  const staff = async (conversationId: number, action: StaffAction): Promise<void> => {
    const server = api.app.getHttpServer();
    if (action === 'resolve') {
      const open: { id: string }[] = await db.query(
        `SELECT id FROM escalations WHERE conversation_id = $1 AND status IN ('pending', 'in_progress')`,
        [String(conversationId)],
      );
      expect(open.length).toBeGreaterThan(0);
      for (const { id } of open) {
        await request(server)
          .post(`/api/admin/escalations/${id}/resolve`)
          .set(bearer(adminToken))
          .expect(200);
      }
    } else {
      await request(server)
        .put('/api/admin/settings/agent_enabled')
        .set(bearer(adminToken))
        .send({ value: action === 'panic_off' })
        .expect(200);
    }
    await waitForStreamsIdle(api.redis);
  };

  /** The second worker of a two-worker dialogue, while it runs. */
  let standby: TestWorker | null = null;

  /** kill -9 of the worker; the standby (if any) carries on, else a fresh one is started. */
  const kill = async (): Promise<void> => {
    worker.process.kill('SIGKILL');
    await worker.process.exited;
  };
  const replaceKilled = async (): Promise<void> => {
    if (standby) {
      worker = standby;
      standby = null;
    } else worker = await bootWorker();
  };

  /** Sends the turn's messages, crashing the worker where the turn says. */
  const sendTurn = async (
    conversationId: number,
    dialogue: Dialogue,
    turn: DialogueTurn,
    crash: CrashPoint | undefined,
  ): Promise<void> => {
    if (crash === 'before') await kill();
    if (crash === 'delivery') {
      // Chatwoot stores the reply at once but confirms it late: the worker dies meanwhile.
      chatwoot.delay('POST', /\/conversations\/\d+\/messages$/, 4000);
    }
    const outgoingBefore = chatwoot.outgoing(conversationId, true).length;
    const ids: number[] = [];
    for (const photo of turn.missed ?? []) {
      await customerMessage(conversationId, dialogue, null, [photo], true);
    }
    if (turn.audio) ids.push(await customerMessage(conversationId, dialogue, null, ['audio']));
    for (const photo of turn.photos ?? []) {
      ids.push(await customerMessage(conversationId, dialogue, null, [photo]));
    }
    for (const text of texts(turn)) ids.push(await customerMessage(conversationId, dialogue, text));
    if (crash === 'turn') {
      const last = ids[ids.length - 1];
      await waitFor(
        async () => {
          const rows: Row[] = await db.query(
            `SELECT 1 FROM conversation_messages WHERE chatwoot_message_id = $1`,
            [last],
          );
          return rows.length > 0;
        },
        15_000,
        10,
      );
      await kill();
    }
    if (crash === 'delivery') {
      await waitFor(
        () => Promise.resolve(chatwoot.outgoing(conversationId, true).length > outgoingBefore),
        15_000,
        10,
      );
      await kill();
      chatwoot.clearScripts();
    }
    if (crash) await replaceKilled();
  };

  const facts = async (conversationId: number): Promise<Row> => {
    const id = String(conversationId);
    const [latestCase] = await db.query(
      `SELECT * FROM cases WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [id],
    );
    const [counts] = await db.query(
      `SELECT (SELECT count(*)::int FROM cases WHERE conversation_id = $1) AS cases,
              (SELECT count(*)::int FROM escalations WHERE conversation_id = $1) AS escalations,
              (SELECT count(*)::int FROM escalations WHERE conversation_id = $1
                  AND status IN ('pending', 'in_progress')) AS open,
              (SELECT step FROM agent_conversation_states WHERE conversation_id = $1) AS step`,
      [id],
    );
    const [customer] = await db.query(
      `SELECT u.* FROM users u JOIN conversation_history h ON h.user_id = u.id
        WHERE h.conversation_id = $1`,
      [id],
    );
    const elements: Row[] = latestCase
      ? await db.query(`SELECT * FROM case_element_data WHERE case_id = $1`, [latestCase.id])
      : [];
    const photos: Row[] = latestCase
      ? await db.query(
          `SELECT coalesce(element_code, 'base') AS target, count(*)::int AS n
             FROM case_images WHERE case_id = $1 GROUP BY 1`,
          [latestCase.id],
        )
      : [];
    return { latestCase, ...counts, customer, elements, photos };
  };

  const checkFacts = async (
    conversationId: number,
    expected: DialogueFacts,
    where: string,
  ): Promise<void> => {
    const actual = await facts(conversationId);
    const latestCase = actual.latestCase as Row | undefined;
    const same = (what: string, value: unknown, wanted: unknown): void =>
      expect({ where, what, value }).toEqual({ where, what, value: wanted });
    if (expected.caseStatus !== undefined) {
      same('case status', latestCase?.status ?? null, expected.caseStatus);
    }
    if (expected.caseAmount !== undefined) {
      same('case amount', Number(latestCase?.tariff_amount), expected.caseAmount);
    }
    if (expected.caseElements)
      same('case elements', latestCase?.element_codes, expected.caseElements);
    if (expected.cases !== undefined) same('cases', actual.cases, expected.cases);
    if (expected.step !== undefined) same('step', actual.step, expected.step);
    if (expected.openEscalations !== undefined) {
      same('open escalations', actual.open, expected.openEscalations);
    }
    if (expected.escalations !== undefined) {
      same('escalations', actual.escalations, expected.escalations);
    }
    for (const [column, value] of Object.entries(expected.case ?? {})) {
      same(`case.${column}`, latestCase?.[column] ?? null, value);
    }
    const customer = actual.customer as Row | undefined;
    for (const [column, value] of Object.entries(expected.customer ?? {})) {
      same(`customer.${column}`, customer?.[column] ?? null, value);
    }
    const elements = actual.elements as Row[];
    for (const [code, wanted] of Object.entries(expected.elements ?? {})) {
      const row = elements.find((element) => element.element_code === code);
      if (wanted.status !== undefined) same(`${code}.status`, row?.status ?? null, wanted.status);
      const values = (row?.field_values ?? {}) as Row;
      for (const [key, value] of Object.entries(wanted.fields ?? {})) {
        same(`${code}.${key}`, values[key] ?? null, value);
      }
    }
    const photos = actual.photos as { target: string; n: number }[];
    for (const [target, count] of Object.entries(expected.photos ?? {})) {
      same(`photos of ${target}`, photos.find((row) => row.target === target)?.n ?? 0, count);
    }
  };

  it.each(DIALOGUES.map((dialogue, index) => [dialogue.name, dialogue, 7000 + index] as const))(
    '%s',
    async (_name, dialogue, conversationId) => {
      standby = dialogue.workers === 2 ? await bootWorker() : null;
      try {
        for (const [index, turn] of dialogue.turns.entries()) {
          const label = texts(turn).join(' | ') || `${turn.photos?.length ?? 0} photo(s)`;
          for (const action of turn.staff ?? []) await staff(conversationId, action);
          const before = chatwoot.outgoing(conversationId).length;
          await sendTurn(conversationId, dialogue, turn, turn.crash);
          await waitForStreamsIdle(api.redis);
          const added = chatwoot.outgoing(conversationId).slice(before);
          const contents = added.map((message) => message.content ?? '').filter(Boolean);
          const said = foldText(contents.join('\n'));
          const where = `turn ${index + 1} ("${label}") answered:\n${contents.join('\n---\n')}`;
          // A redelivered reply would show up as the same message twice.
          expect({ where, repeated: contents.length - new Set(contents).size }).toEqual({
            where,
            repeated: 0,
          });
          if (turn.silent) {
            expect({ where, count: added.length }).toEqual({ where, count: 0 });
          } else {
            expect({ where, answered: added.length > 0 }).toEqual({ where, answered: true });
          }
          for (const fragment of turn.expect ?? []) {
            expect({ where, has: fragment, found: said.includes(folded(fragment)) }).toEqual({
              where,
              has: fragment,
              found: true,
            });
          }
          for (const fragment of turn.not ?? []) {
            expect({ where, lacks: fragment, found: said.includes(folded(fragment)) }).toEqual({
              where,
              lacks: fragment,
              found: false,
            });
          }
          if (turn.facts) await checkFacts(conversationId, turn.facts, where);
        }
      } finally {
        await standby?.stop();
        standby = null;
      }

      // The bot never echoes the customer.
      const outgoing = chatwoot.outgoing(conversationId).map((message) => message.content);
      for (const turn of dialogue.turns) {
        for (const text of texts(turn)) expect(outgoing).not.toContain(text);
      }

      // One stored reply per answered turn: a burst is answered once, a redelivery never twice.
      const [{ replies }] = await db.query(
        `SELECT count(*)::int AS replies FROM conversation_messages m
           JOIN conversation_history h ON h.id = m.conversation_history_id
          WHERE h.conversation_id = $1 AND m.role = 'assistant'`,
        [String(conversationId)],
      );
      expect(replies).toBe(dialogue.turns.reduce((sum, turn) => sum + repliesOf(turn), 0));

      if (dialogue.facts) await checkFacts(conversationId, dialogue.facts, 'at the end');
    },
  );

  (WITH_LLM ? it : it.skip)('asked the language model (switch on) on the way', () => {
    expect(llm?.requestsOf('interpret').length).toBeGreaterThan(0);
    expect(llm?.requestsOf('phrase').length).toBeGreaterThan(0);
  });
});
