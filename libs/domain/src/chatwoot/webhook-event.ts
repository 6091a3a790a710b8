import { normalisePhone } from '../customers/phone';
import {
  ChatwootMessageReceivedV1,
  IncomingAttachmentV1,
  IncomingContactV1,
} from '../streams/chatwoot-contracts';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;
const int = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
};
const record = (value: unknown): Json => (isRecord(value) ? value : {});

/** Chatwoot booleans in custom attributes may arrive as true/false or "true"/"false". */
export function attributeBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return null;
}

/** Top-level `message_type` is a string; in `messages[]` and the REST API it is an integer. */
const isIncoming = (messageType: unknown): boolean =>
  messageType === 'incoming' || messageType === 0;

/** ISO string (webhook top level) or epoch seconds (REST API, nested messages) -> ISO. */
function toIso(value: unknown): string | null {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return new Date(value * 1000).toISOString();
  }
  return null;
}

function attachmentsOf(value: unknown): IncomingAttachmentV1[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((item) => ({
    id: int(item.id),
    file_type: str(item.file_type) ?? 'file',
    data_url: str(item.data_url),
    thumb_url: str(item.thumb_url),
    content_type: str(item.content_type),
    extension: str(item.extension),
    file_size: int(item.file_size),
  }));
}

/**
 * The contact of a message. Phone: `sender.phone_number`, else the conversation's meta sender,
 * else the WhatsApp source id when it is all digits (BSUID ids like "ES.1029…" are not phones).
 */
function contactOf(sender: Json, conversation: Json): IncomingContactV1 {
  const metaSender = record(record(conversation.meta).sender);
  const sourceId = str(record(conversation.contact_inbox).source_id);
  const phoneRaw =
    str(sender.phone_number) ??
    str(metaSender.phone_number) ??
    (sourceId && /^\+?\d{6,16}$/.test(sourceId) ? sourceId : null);
  const additional = record(sender.additional_attributes);
  return {
    id: int(sender.id) ?? int(metaSender.id) ?? int(record(conversation.contact_inbox).contact_id),
    name: str(sender.name) ?? str(metaSender.name),
    email: str(sender.email),
    identifier: str(sender.identifier),
    whatsapp_username:
      str(additional.social_whatsapp_user_name) ??
      str(record(metaSender.additional_attributes).social_whatsapp_user_name),
    phone: normalisePhone(phoneRaw),
  };
}

function conversationAttributes(
  conversation: Json,
): ChatwootMessageReceivedV1['conversation_attributes'] {
  const attributes = record(conversation.custom_attributes);
  return {
    atencion_automatica: attributeBoolean(attributes.atencion_automatica),
    tipo: str(attributes.tipo),
  };
}

export type WebhookDecision =
  /** Not a Chatwoot event at all (the only 400). */
  | { outcome: 'invalid'; reason: string }
  /** A Chatwoot event we do not act on. */
  | { outcome: 'ignored'; reason: string }
  /** A customer message in a conversation where the bot is switched off. */
  | {
      outcome: 'ignored_auto_attention_disabled';
      chatwootMessageId: number;
      conversationId: string;
      /** The message as it would be enqueued, for when staff have just re-enabled the bot. */
      message: ChatwootMessageReceivedV1;
    }
  | { outcome: 'accept'; message: ChatwootMessageReceivedV1 };

/**
 * Decides what to do with a webhook body (the fields read: docs/behaviour-contract.md). Only
 * top-level fields are read: `conversation.messages[]` may describe another message. Data
 * quality (missing or invalid phone, empty content) never rejects a customer message.
 */
export function interpretWebhook(body: unknown, now: Date = new Date()): WebhookDecision {
  if (!isRecord(body) || typeof body.event !== 'string' || body.event.length === 0) {
    return { outcome: 'invalid', reason: 'not a Chatwoot event (no "event")' };
  }
  if (body.event !== 'message_created') return { outcome: 'ignored', reason: body.event };
  const messageId = int(body.id);
  const conversation = record(body.conversation);
  const conversationId = int(conversation.id);
  if (messageId === null || conversationId === null) {
    return { outcome: 'invalid', reason: 'message_created without id or conversation.id' };
  }
  if (!isIncoming(body.message_type)) return { outcome: 'ignored', reason: 'not incoming' };
  if (body.private === true) return { outcome: 'ignored', reason: 'private note' };

  const attributes = conversationAttributes(conversation);
  const message: ChatwootMessageReceivedV1 = {
    chatwoot_message_id: messageId,
    conversation_id: String(conversationId),
    account_id: int(record(body.account).id),
    inbox_id: int(record(body.inbox).id) ?? int(conversation.inbox_id),
    content: typeof body.content === 'string' ? body.content : null,
    content_type: str(body.content_type),
    created_at: toIso(body.created_at),
    attachments: attachmentsOf(body.attachments),
    contact: contactOf(record(body.sender), conversation),
    conversation_attributes: attributes,
    source: 'webhook',
    received_at: now.toISOString(),
  };
  if (attributes.atencion_automatica === false) {
    return {
      outcome: 'ignored_auto_attention_disabled',
      chatwootMessageId: messageId,
      conversationId: String(conversationId),
      message,
    };
  }
  return { outcome: 'accept', message };
}

/**
 * The same payload built from Chatwoot's REST API (a conversation from the list endpoint and one
 * of its messages), for the gap reconciler. Returns null for anything that is not an incoming,
 * public message.
 */
export function receivedFromApi(
  conversationValue: unknown,
  messageValue: unknown,
  now: Date = new Date(),
): ChatwootMessageReceivedV1 | null {
  const conversation = record(conversationValue);
  const message = record(messageValue);
  const messageId = int(message.id);
  const conversationId = int(conversation.id) ?? int(message.conversation_id);
  if (messageId === null || conversationId === null) return null;
  if (!isIncoming(message.message_type) || message.private === true) return null;
  return {
    chatwoot_message_id: messageId,
    conversation_id: String(conversationId),
    account_id: int(message.account_id) ?? int(conversation.account_id),
    inbox_id: int(message.inbox_id) ?? int(conversation.inbox_id),
    content: typeof message.content === 'string' ? message.content : null,
    content_type: str(message.content_type),
    created_at: toIso(message.created_at),
    attachments: attachmentsOf(message.attachments),
    contact: contactOf(record(message.sender), conversation),
    conversation_attributes: conversationAttributes(conversation),
    source: 'reconciler',
    received_at: now.toISOString(),
  };
}

/** Redis key of the webhook/reconciler dedupe marker for a Chatwoot message id. */
export const chatwootDedupeKey = (chatwootMessageId: number): string =>
  `idempotency:chatwoot:${chatwootMessageId}`;

/**
 * Checks a `chatwoot.message_received.v1` payload read back from the stream. Returns a problem
 * description, or null when the payload is usable.
 */
export function messageReceivedProblem(payload: unknown): string | null {
  if (!isRecord(payload)) return 'payload is not an object';
  if (int(payload.chatwoot_message_id) === null) return 'chatwoot_message_id missing';
  if (typeof payload.conversation_id !== 'string' || !payload.conversation_id) {
    return 'conversation_id missing';
  }
  const contact = payload.contact;
  if (!isRecord(contact) || !isRecord(contact.phone)) return 'contact missing';
  if (!Array.isArray(payload.attachments)) return 'attachments missing';
  if (!isRecord(payload.conversation_attributes)) return 'conversation_attributes missing';
  return null;
}
