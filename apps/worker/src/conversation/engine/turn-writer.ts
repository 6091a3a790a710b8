import { EntityManager } from 'typeorm';
import { AgentTurnOutput, StreamEnvelope } from '@app/domain';
import { outboxRecords, UnpublishedOutboxRow } from '@app/streams';

/** Another process applied a turn to this conversation meanwhile: the turn is re-run. */
export class TurnConflictError extends Error {
  public constructor(conversationId: string) {
    super(`conversation ${conversationId} changed during the turn`);
    this.name = 'TurnConflictError';
  }
}

/** The assistant message answering `replyTo`, with its delivery. */
export interface TurnReply {
  historyId: string;
  replyTo: number;
  content: string;
  imageCount: number;
  delivery: StreamEnvelope;
}

export interface TurnWrite {
  conversationId: string;
  /** The state row's version the turn started from (`null`: the conversation has none yet). */
  version: number | null;
  output: AgentTurnOutput;
  /** Null when there is nothing to say. */
  reply: TurnReply | null;
  /** The turn's other stream messages (case notes, hand-over steps…), in order. */
  envelopes: readonly StreamEnvelope[];
}

interface WriteRow {
  state_written: number;
  earlier: UnpublishedOutboxRow[];
  added: UnpublishedOutboxRow[];
}

/**
 * The end of a turn in ONE statement (inside the turn's transaction): the assistant message
 * (at most one per answered customer message: a unique `reply_to`), its delivery and the
 * turn's other stream messages in the outbox (the delivery only when the message was new), and
 * the new state with the optimistic version check. It also returns every unpublished outbox row
 * of the conversation, older ones first, so the caller publishes them after commit without
 * reading them again. A version conflict throws `TurnConflictError` (the transaction rolls back).
 */
export async function writeTurn(
  manager: EntityManager,
  write: TurnWrite,
): Promise<UnpublishedOutboxRow[]> {
  const { conversationId, output } = write;
  const stateParams = [
    JSON.stringify(output.state),
    output.state.step,
    output.state.caseId,
    ...(write.version === null ? [] : [write.version]),
  ];
  const stateSql =
    write.version === null
      ? `INSERT INTO "agent_conversation_states"
           ("conversation_id", "state", "step", "case_id", "version")
         VALUES ($1, $7::jsonb, $8, $9::uuid, 1)
         ON CONFLICT DO NOTHING
         RETURNING 1`
      : `UPDATE "agent_conversation_states"
         SET "state" = $7::jsonb, "step" = $8, "case_id" = $9::uuid,
             "version" = "version" + 1, "updated_at" = now()
         WHERE "conversation_id" = $1 AND "version" = $10
         RETURNING 1`;
  const row = await writeWithReply(manager, conversationId, write.reply, write.envelopes, {
    sql: stateSql,
    params: stateParams,
  });
  if (!row || row.state_written !== 1) throw new TurnConflictError(conversationId);
  return [...row.earlier, ...row.added];
}

/**
 * A reply outside a turn (the fallback answer when turns keep failing): the assistant message
 * and its delivery in the outbox exactly as a turn writes them, the state untouched. Returns the
 * conversation's unpublished outbox rows, older ones first.
 */
export async function writeReply(
  manager: EntityManager,
  conversationId: string,
  reply: TurnReply,
): Promise<UnpublishedOutboxRow[]> {
  const row = await writeWithReply(manager, conversationId, reply, [], null);
  return row ? [...row.earlier, ...row.added] : [];
}

/**
 * The shared statement: `$1` the conversation, `$2` the outbox records, `$3`–`$6` the reply;
 * the optional state part brings its own parameters from `$7` on.
 */
async function writeWithReply(
  manager: EntityManager,
  conversationId: string,
  reply: TurnReply | null,
  envelopes: readonly StreamEnvelope[],
  state: { sql: string; params: unknown[] } | null,
): Promise<WriteRow | undefined> {
  const records = outboxRecords(reply ? [reply.delivery, ...envelopes] : [...envelopes]).map(
    (record, index) => ({
      ...record,
      // The reply's delivery goes out only if this statement stored the reply.
      needs_reply: reply !== null && index === 0,
    }),
  );
  const params: unknown[] = [
    conversationId,
    JSON.stringify(records),
    reply?.historyId ?? null,
    reply?.content ?? null,
    reply?.replyTo ?? null,
    reply?.imageCount ?? 0,
    ...(state?.params ?? []),
  ];
  const rows = await manager.query<WriteRow[]>(
    `WITH "state_row" AS (${state?.sql ?? 'SELECT 1'}),
     "reply" AS (
       INSERT INTO "conversation_messages"
         ("conversation_history_id", "role", "content", "reply_to_chatwoot_message_id",
          "has_images", "image_count")
       SELECT $3::uuid, 'assistant', $4, $5::int, $6::int > 0, $6::int
       WHERE $3::uuid IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING "id"
     ),
     "added" AS (
       INSERT INTO "stream_outbox" ("message_type", "ordering_key", "envelope", "position")
       SELECT r."message_type", r."ordering_key", r."envelope", r."position"
       FROM jsonb_to_recordset($2::jsonb) AS r(
         "message_type" varchar, "ordering_key" varchar, "envelope" jsonb, "position" int,
         "needs_reply" boolean)
       WHERE NOT r."needs_reply" OR EXISTS (SELECT 1 FROM "reply")
       RETURNING "id", "message_type", "ordering_key", "envelope", "position"
     )
     SELECT
       (SELECT count(*) FROM "state_row")::int AS "state_written",
       (SELECT coalesce(json_agg(o ORDER BY o."created_at", o."position"), '[]'::json) FROM (
          SELECT "id", "message_type", "ordering_key", "envelope", "created_at", "position"
          FROM "stream_outbox"
          WHERE "published_at" IS NULL AND "ordering_key" = $1::varchar
          ORDER BY "created_at", "position" LIMIT 500) o) AS "earlier",
       (SELECT coalesce(json_agg(a ORDER BY a."position"), '[]'::json) FROM "added" a) AS "added"`,
    params,
  );
  return rows[0];
}
