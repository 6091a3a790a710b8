import { StreamName } from '@app/domain';
import { ChaosHarness } from './chaos-harness';
import { LoadResult } from './load-driver';

/** The panic button's reply (seeded setting `agent_disabled_message`). */
export const DISABLED_MESSAGE =
  'Disculpa las molestias. En este momento nuestro asistente automático no está disponible. Un miembro de nuestro equipo te atenderá lo antes posible.';

/**
 * How many replies each conversation must end up with, given the customer messages stored for
 * it (in stored order). The single place to change to run the suite with the customer agent
 * answering instead of the panic button: "one reply per message" is
 * `new Map([...stored].map(([conversation, ids]) => [conversation, ids.length]))`.
 * Today the suite runs with the panic button on: one reply per conversation, whatever it sent.
 */
export function expectedReplies(stored: Map<number, number[]>): Map<number, number> {
  return new Map(
    [...stored].filter(([, ids]) => ids.length > 0).map(([conversation]) => [conversation, 1]),
  );
}

export interface OutcomeOptions {
  /** Entry ids (on either stream) injected as poison: exactly these may be dead-lettered. */
  poisonEntryIds?: string[];
}

export interface Outcome {
  stored: number;
  conversations: number;
  replies: number;
}

const first = <T>(items: T[], n = 10): T[] => items.slice(0, n);

/**
 * Everything a drained run must show, checked against what the load sent:
 * - every accepted message stored exactly once (customer role); nothing stored that was not
 *   sent; messages the api rejected may or may not be stored (a 5xx can follow a write)
 * - each conversation's messages stored in the order they were sent (ids ascending)
 * - replies per conversation as `expectedReplies` says, visible in the fake Chatwoot
 *   (outgoing, not private), all with the panic text
 * - the panic button's other effects: one escalation, one private note, the escalation label
 * - dead letters: exactly the injected poison entries, none otherwise
 * Problems are collected into one object so a failure shows all of them at once, briefly.
 */
export async function verifyOutcome(
  h: ChaosHarness,
  load: LoadResult,
  options: OutcomeOptions = {},
): Promise<Outcome> {
  const rows = await h.db.query<{ conversation_id: string; chatwoot_message_id: number }[]>(
    `SELECT h.conversation_id, m.chatwoot_message_id
       FROM conversation_messages m
       JOIN conversation_history h ON h.id = m.conversation_history_id
      WHERE m.role = 'user'
      ORDER BY h.conversation_id, m.created_at, m.id`,
  );

  const stored = new Map<number, number[]>();
  const seen = new Map<number, number>();
  for (const row of rows) {
    const conversation = Number(row.conversation_id);
    stored.set(conversation, [...(stored.get(conversation) ?? []), row.chatwoot_message_id]);
    seen.set(row.chatwoot_message_id, (seen.get(row.chatwoot_message_id) ?? 0) + 1);
  }
  const sentIds = new Set(load.sent.map((message) => message.id));
  const sentTo = new Map(load.sent.map((message) => [message.id, message.conversationId]));

  const missing = load.accepted.filter((message) => !seen.has(message.id)).map((m) => m.id);
  const duplicated = [...seen].filter(([, count]) => count > 1).map(([id]) => id);
  const unknown = [...seen.keys()].filter((id) => !sentIds.has(id));
  const misfiled = rows
    .filter((row) => sentTo.get(row.chatwoot_message_id) !== Number(row.conversation_id))
    .map((row) => row.chatwoot_message_id);
  const outOfOrder = [...stored]
    .filter(([, ids]) => ids.some((id, i) => i > 0 && id < (ids[i - 1] ?? 0)))
    .map(([conversation, ids]) => `${conversation}: ${ids.join(',')}`);

  const replies = expectedReplies(stored);
  const conversations = new Set([...replies.keys(), ...h.chatwoot.conversations.keys()]);
  const wrongReplies: string[] = [];
  const wrongPanicEffects: string[] = [];
  let replyCount = 0;
  for (const conversation of conversations) {
    const expected = replies.get(conversation) ?? 0;
    const outgoing = h.chatwoot.outgoing(conversation);
    replyCount += outgoing.length;
    if (
      outgoing.length !== expected ||
      outgoing.some((message) => message.content !== DISABLED_MESSAGE)
    ) {
      wrongReplies.push(`${conversation}: ${outgoing.length} replies, expected ${expected}`);
    }
    if (expected === 0) continue;
    const notes = h.chatwoot.outgoing(conversation, true).filter((message) => message.private);
    const state = h.chatwoot.conversations.get(conversation);
    if (
      notes.length !== 1 ||
      !state?.labels.includes('escalado') ||
      state.custom_attributes.atencion_automatica !== false
    ) {
      wrongPanicEffects.push(
        `${conversation}: ${notes.length} notes, labels ${JSON.stringify(state?.labels)}, ` +
          `atencion_automatica ${String(state?.custom_attributes.atencion_automatica)}`,
      );
    }
  }

  const escalations = await h.db.query<{ conversation_id: string; count: number }[]>(
    `SELECT conversation_id, count(*)::int AS count FROM escalations GROUP BY conversation_id`,
  );
  const escalated = new Map(escalations.map((row) => [Number(row.conversation_id), row.count]));
  const wrongEscalations = [...new Set([...escalated.keys(), ...replies.keys()])]
    .filter(
      (conversation) => (escalated.get(conversation) ?? 0) !== (replies.has(conversation) ? 1 : 0),
    )
    .map((conversation) => `${conversation}: ${escalated.get(conversation) ?? 0}`);

  const deadLetters = await h.redis.raw.xrange(
    `${h.redis.keyPrefix}${StreamName.DEAD_LETTER}`,
    '-',
    '+',
  );
  const deadLettered = deadLetters
    .map(([, fields]) => {
      const map: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]] = fields[i + 1]!;
      return { id: map.original_id ?? '', error: (map.error ?? '').slice(0, 200) };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const poison = [...(options.poisonEntryIds ?? [])].sort();

  const suspects = [
    ...new Set([...wrongReplies, ...wrongPanicEffects].map((line) => Number(line.split(':')[0]))),
  ];
  if (suspects.length > 0) {
    // What Chatwoot received for the first conversations that came out wrong, and when.
    const trace = first(suspects, 3).map((conversation) => ({
      conversation,
      posts: h.chatwoot.calls('POST', new RegExp(`/conversations/${conversation}/`)).map((call) => {
        const content = (call.body as { content?: string } | null)?.content ?? '';
        return `${new Date(call.at).toISOString()} ${call.path.split('/').pop()} ${content.slice(0, 40)}`;
      }),
      workerLog: h.pool.logLines(String(conversation)).slice(-20),
    }));
    console.log(
      `[chaos] wrong conversations: ${JSON.stringify(trace, null, 1)}\ntimeline: ${JSON.stringify(
        h.timeline.map((event) => `${new Date(event.at).toISOString()} ${event.what}`),
      )}`,
    );
  }
  expect({
    missing: first(missing),
    missingCount: missing.length,
    duplicated: first(duplicated),
    unknown: first(unknown),
    misfiled: first(misfiled),
    outOfOrder: first(outOfOrder, 3),
    wrongReplies: first(wrongReplies),
    wrongPanicEffects: first(wrongPanicEffects),
    wrongEscalations: first(wrongEscalations),
    unexpectedDeadLetters: first(deadLettered.filter((letter) => !poison.includes(letter.id))),
    deadLetteredPoison: deadLettered
      .filter((letter) => poison.includes(letter.id))
      .map((letter) => letter.id),
  }).toEqual({
    missing: [],
    missingCount: 0,
    duplicated: [],
    unknown: [],
    misfiled: [],
    outOfOrder: [],
    wrongReplies: [],
    wrongPanicEffects: [],
    wrongEscalations: [],
    unexpectedDeadLetters: [],
    deadLetteredPoison: poison,
  });
  return { stored: rows.length, conversations: replies.size, replies: replyCount };
}
