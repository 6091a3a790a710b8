import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConversationHistoryEntity, CustomerEntity, CustomerMetadata } from '@app/database';
import { ChatwootMessageReceivedV1, clientTypeFromTipo, splitWhatsAppName } from '@app/domain';

/** The agent's stored state of a conversation, as read before a turn (a hint: not locked). */
export interface StoredAgentState {
  state: unknown;
  step: string;
}

/** Postgres text cannot hold NUL; drop it instead of failing the customer's message. */
const cleanText = (value: string | null): string => (value ?? '').split('\u0000').join('');

/** What identifies the message's customer, as advisory-lock keys (`hashtext` of each). */
export const customerLockKeys = ({
  contact,
  conversation_id,
}: ChatwootMessageReceivedV1): string[] => {
  const keys = [
    ...(contact.phone.e164 ? [`customer:phone:${contact.phone.e164}`] : []),
    ...(contact.id !== null ? [`customer:contact:${contact.id}`] : []),
  ];
  return keys.length > 0 ? keys : [`customer:conversation:${conversation_id}`];
};

/**
 * The database side of an incoming message: customer upsert (found by phone, else by Chatwoot
 * contact), conversation history and the message archive. Runs inside the handler's
 * transaction.
 */
@Injectable()
export class ConversationIngestService {
  /**
   * Starts storing a message, in one round trip: takes the customer's transaction locks (two
   * conversations of the same person may be handled at once by different workers) and tells
   * whether the message is archived already (a redelivery). Call before `upsertCustomer`.
   * A customer is found by phone or by Chatwoot contact, so both are locked (in one order, so
   * two messages never wait for each other): two contacts with one phone, or one contact whose
   * phone changed, must not both find no customer and both insert one.
   */
  public async lockCustomer(
    manager: EntityManager,
    message: ChatwootMessageReceivedV1,
  ): Promise<{ archived: boolean; state: StoredAgentState | null }> {
    // The agent's state row rides along (read without locking, like any state read before a
    // turn: the turn re-reads it under its version check).
    const rows = await manager.query<{ archived: boolean; state: StoredAgentState | null }[]>(
      `SELECT (SELECT count(pg_advisory_xact_lock(hashtext(k)))
                 FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) AS ordered) AS "locked",
              EXISTS (SELECT 1 FROM "conversation_messages"
                      WHERE "chatwoot_message_id" = $2) AS "archived",
              (SELECT json_build_object('state', s."state", 'step', s."step")
                 FROM "agent_conversation_states" s
                WHERE s."conversation_id" = $3) AS "state"`,
      [customerLockKeys(message), message.chatwoot_message_id, message.conversation_id],
    );
    return { archived: rows[0]?.archived === true, state: rows[0]?.state ?? null };
  }

  /** Finds or creates the customer of the message; under the lock of `lockCustomer`. */
  public async upsertCustomer(
    manager: EntityManager,
    message: ChatwootMessageReceivedV1,
  ): Promise<CustomerEntity> {
    const { contact } = message;
    const e164 = contact.phone.e164;
    const repository = manager.getRepository(CustomerEntity);
    let customer =
      (e164 ? await repository.findOneBy({ phone: e164 }) : null) ??
      (contact.id !== null ? await repository.findOneBy({ chatwootContactId: contact.id }) : null);

    const { firstName, lastName } = splitWhatsAppName(contact.name);
    const clientType = clientTypeFromTipo(message.conversation_attributes.tipo);
    const phoneFacts: CustomerMetadata = { phone_status: contact.phone.status };
    if (contact.phone.status === 'invalid' && contact.phone.raw) {
      phoneFacts.phone_raw = contact.phone.raw.slice(0, 50);
    }
    if (contact.whatsapp_username) phoneFacts.whatsapp_username = contact.whatsapp_username;

    if (!customer) {
      const created = repository.create({
        phone: e164,
        firstName,
        lastName,
        email: contact.email?.slice(0, 255) ?? null,
        chatwootContactId: contact.id,
        clientType: clientType ?? 'particular',
        metadata: { ...(contact.name ? { whatsapp_name: contact.name } : {}), ...phoneFacts },
      });
      return repository.save(created);
    }

    const changes: Partial<CustomerEntity> = {};
    if (customer.chatwootContactId === null && contact.id !== null) {
      const owner = await repository.findOneBy({ chatwootContactId: contact.id });
      if (!owner) changes.chatwootContactId = contact.id;
    }
    if (customer.phone === null && e164) changes.phone = e164;
    if (contact.name && contact.name !== customer.metadata?.whatsapp_name) {
      changes.firstName = firstName;
      changes.lastName = lastName;
    }
    if (clientType && clientType !== customer.clientType) changes.clientType = clientType;
    const metadata: CustomerMetadata = {
      ...(customer.metadata ?? {}),
      ...(contact.name ? { whatsapp_name: contact.name } : {}),
      ...(customer.phone || e164 ? { phone_status: 'valid' } : phoneFacts),
    };
    if (JSON.stringify(metadata) !== JSON.stringify(customer.metadata)) changes.metadata = metadata;
    if (Object.keys(changes).length > 0) {
      customer = await repository.save(repository.merge(customer, changes));
    }
    return customer;
  }

  /**
   * Inserts or bumps the conversation row and the last activity of its customer, and archives
   * the customer message — one statement. `archived` is false when the message was stored
   * before (a redelivery): the caller then rolls the transaction back, bump included.
   */
  public async storeMessage(
    manager: EntityManager,
    message: ChatwootMessageReceivedV1,
    customerId: string,
  ): Promise<{ id: string; inserted: boolean; archived: boolean }> {
    const images = message.attachments.filter((attachment) => attachment.file_type === 'image');
    const rows = await manager.query<{ id: string; inserted: boolean; archived: boolean }[]>(
      `WITH "history" AS (
         INSERT INTO "conversation_history"
           ("conversation_id", "user_id", "started_at", "message_count", "last_message_at")
         VALUES ($1, $2, COALESCE($3::timestamptz, now()), 1, now())
         ON CONFLICT ("conversation_id") DO UPDATE SET
           "message_count" = "conversation_history"."message_count" + 1,
           "user_id" = COALESCE("conversation_history"."user_id", EXCLUDED."user_id"),
           "last_message_at" = now()
         RETURNING "id", (xmax = 0) AS "inserted", "user_id"
       ), "activity" AS (
         UPDATE "users" SET "last_activity_at" = now()
         WHERE "id" = (SELECT "user_id" FROM "history") AND "last_activity_at" < now()
       ), "message" AS (
         INSERT INTO "conversation_messages"
           ("conversation_history_id", "role", "content", "chatwoot_message_id", "has_images",
            "image_count", "attachments")
         SELECT "id", 'user', $4, $5, $6, $7, $8::jsonb FROM "history"
         ON CONFLICT DO NOTHING
         RETURNING "id"
       )
       SELECT "id", "inserted", EXISTS (SELECT 1 FROM "message") AS "archived" FROM "history"`,
      [
        message.conversation_id,
        customerId,
        message.created_at,
        cleanText(message.content),
        message.chatwoot_message_id,
        images.length > 0,
        images.length,
        message.attachments.length ? JSON.stringify(message.attachments) : null,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('conversation_history upsert returned nothing');
    return row;
  }

  public async loadContext(
    manager: EntityManager,
    conversationId: string,
  ): Promise<{ history: ConversationHistoryEntity; customer: CustomerEntity | null } | null> {
    const history = await manager
      .getRepository(ConversationHistoryEntity)
      .findOneBy({ conversationId });
    if (!history) return null;
    const customer = history.userId
      ? await manager.getRepository(CustomerEntity).findOneBy({ id: history.userId })
      : null;
    return { history, customer };
  }
}
