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

export interface TurnWrite {
  conversationId: string;
  /** The state row's version the turn started from (`null`: the conversation has none yet). */
  version: number | null;
  output: AgentTurnOutput;
  /** The assistant message answering `replyTo`, with its delivery; null when nothing to say. */
  reply: {
    historyId: string;
    replyTo: number;
    content: string;
    imageCount: number;
    delivery: StreamEnvelope;
  } | null;
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
  const { conversationId, output, reply } = write;
  const envelopes = reply ? [reply.delivery, ...write.envelopes] : [...write.envelopes];
  const records = outboxRecords(envelopes).map((record, index) => ({
    ...record,
    // The reply's delivery goes out only if this turn stored the reply.
    needs_reply: reply !== null && index === 0,
  }));
  const state = JSON.stringify(output.state);
  const params: unknown[] = [
    conversationId,
    state,
    output.state.step,
    output.state.caseId,
    JSON.stringify(records),
    reply?.historyId ?? null,
    reply?.content ?? null,
    reply?.replyTo ?? null,
    reply?.imageCount ?? 0,
  ];
  const stateSql =
    write.version === null
      ? `INSERT INTO "agent_conversation_states"
           ("conversation_id", "state", "step", "case_id", "version")
         VALUES ($1, $2::jsonb, $3, $4::uuid, 1)
         ON CONFLICT DO NOTHING
         RETURNING 1`
      : `UPDATE "agent_conversation_states"
         SET "state" = $2::jsonb, "step" = $3, "case_id" = $4::uuid,
             "version" = "version" + 1, "updated_at" = now()
         WHERE "conversation_id" = $1 AND "version" = $10
         RETURNING 1`;
  if (write.version !== null) params.push(write.version);
  const rows = await manager.query<WriteRow[]>(
    `WITH "state_row" AS (${stateSql}),
     "reply" AS (
       INSERT INTO "conversation_messages"
         ("conversation_history_id", "role", "content", "reply_to_chatwoot_message_id",
          "has_images", "image_count")
       SELECT $6::uuid, 'assistant', $7, $8::int, $9::int > 0, $9::int
       WHERE $6::uuid IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING "id"
     ),
     "added" AS (
       INSERT INTO "stream_outbox" ("message_type", "ordering_key", "envelope", "position")
       SELECT r."message_type", r."ordering_key", r."envelope", r."position"
       FROM jsonb_to_recordset($5::jsonb) AS r(
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
          WHERE "published_at" IS NULL AND "ordering_key" = $1
          ORDER BY "created_at", "position" LIMIT 500) o) AS "earlier",
       (SELECT coalesce(json_agg(a ORDER BY a."position"), '[]'::json) FROM "added" a) AS "added"`,
    params,
  );
  const row = rows[0];
  if (!row || row.state_written !== 1) throw new TurnConflictError(conversationId);
  return [...row.earlier, ...row.added];
}
