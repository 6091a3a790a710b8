import { PhoneInfo } from '../customers/phone';
import { stripMarkdownForWhatsApp } from '../text/markdown';
import { buildEnvelope, MessageType, StreamEnvelope } from './envelope';

/** An attachment exactly as Chatwoot described it (top level of the event). */
export interface IncomingAttachmentV1 {
  id: number | null;
  file_type: string;
  data_url: string | null;
  thumb_url: string | null;
  content_type: string | null;
  extension: string | null;
  file_size: number | null;
}

export interface IncomingContactV1 {
  /** Chatwoot contact id (`sender.id`). */
  id: number | null;
  name: string | null;
  email: string | null;
  identifier: string | null;
  /** WhatsApp username for BSUID-only users (no phone number). */
  whatsapp_username: string | null;
  phone: PhoneInfo;
}

/** Payload of `chatwoot.message_received.v1`. Only top-level event fields are copied in. */
export interface ChatwootMessageReceivedV1 {
  chatwoot_message_id: number;
  /** Chatwoot conversation display id, as a string (as everywhere else). */
  conversation_id: string;
  account_id: number | null;
  inbox_id: number | null;
  content: string | null;
  content_type: string | null;
  /** When Chatwoot created the message (ISO), null if it did not say. */
  created_at: string | null;
  attachments: IncomingAttachmentV1[];
  contact: IncomingContactV1;
  conversation_attributes: {
    /** `true`/`false` as set in Chatwoot; `null` = never set (first message). */
    atencion_automatica: boolean | null;
    tipo: string | null;
  };
  source: 'webhook' | 'reconciler';
  received_at: string;
}

/** One Chatwoot write. A delivery runs its steps in order and resumes after the last done one. */
export type DeliveryStep =
  | { kind: 'text'; content: string }
  | { kind: 'image'; url: string; caption: string | null }
  | { kind: 'pause'; ms: number }
  | { kind: 'private_note'; content: string }
  | { kind: 'set_attributes'; attributes: Record<string, string | number | boolean | null> }
  | { kind: 'add_labels'; labels: string[] }
  | { kind: 'remove_labels'; labels: string[] }
  | { kind: 'assign_team'; team_id: number | null }
  | { kind: 'sync_contact'; user_id: string };

export type DeliveryStepKind = DeliveryStep['kind'];

/** Payload of `chatwoot.delivery.v1`. */
export interface ChatwootDeliveryV1 {
  delivery_id: string;
  /** Chatwoot conversation id; null only for contact-level work (sync_contact). */
  conversation_id: string | null;
  /** Why it is sent (`agent_reply`, `panic_button`, `contact_sync`, …), for logs and ops. */
  reason: string;
  steps: DeliveryStep[];
}

export interface ReplyImage {
  url: string;
  description: string | null;
}

/** What the conversational agent answers: text first, then images, then a follow-up. */
export interface AgentReply {
  text: string;
  images: ReplyImage[];
  follow_up: string | null;
}

/**
 * The steps of a customer reply: markdown stripped, text first, then the images in order with
 * captions `(i/N) description` and a pause between them, then, if at least one image went out,
 * a pause and the follow-up. Pauses are steps, so the delivery worker waits
 * without holding a slot (other conversations keep flowing).
 */
export function buildReplySteps(reply: AgentReply, imageGapMs: number): DeliveryStep[] {
  const steps: DeliveryStep[] = [];
  const text = stripMarkdownForWhatsApp(reply.text);
  if (text) steps.push({ kind: 'text', content: text });
  const total = reply.images.length;
  reply.images.forEach((image, index) => {
    if (index > 0 && imageGapMs > 0) steps.push({ kind: 'pause', ms: imageGapMs });
    const description = image.description?.trim();
    steps.push({
      kind: 'image',
      url: image.url,
      caption: description ? `(${index + 1}/${total}) ${description}` : `(${index + 1}/${total})`,
    });
  });
  const followUp = reply.follow_up ? stripMarkdownForWhatsApp(reply.follow_up) : '';
  if (followUp) {
    if (total > 0 && imageGapMs > 0) steps.push({ kind: 'pause', ms: imageGapMs });
    steps.push({ kind: 'text', content: followUp });
  }
  return steps;
}

/** Envelope of a received customer message: id from the Chatwoot message, ordered per conversation. */
export const messageReceivedEnvelope = (
  message: ChatwootMessageReceivedV1,
  now: Date = new Date(),
): StreamEnvelope<ChatwootMessageReceivedV1> =>
  buildEnvelope(
    MessageType.CHATWOOT_MESSAGE_RECEIVED,
    `chatwoot:${message.chatwoot_message_id}`,
    message.conversation_id,
    message,
    now,
  );
