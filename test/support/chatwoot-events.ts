import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely
type Json = Record<string, any>;

/** A Chatwoot webhook fixture (test/fixtures/chatwoot), parsed fresh on every call. */
export const chatwootFixture = (name: string): Json =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/chatwoot', `${name}.json`), 'utf8'));

export interface IncomingEventOptions {
  id: number;
  conversationId: number;
  content?: string | null;
  phone?: string | null;
  name?: string;
  contactId?: number;
  attributes?: Record<string, unknown>;
  /** Top-level attachments in Chatwoot's format (`file_type`, `data_url`, …). */
  attachments?: Json[];
}

/** A `message_created` incoming event in Chatwoot's real format, with the given fields. */
export function incomingEvent(options: IncomingEventOptions): Json {
  const event = chatwootFixture('message_created_incoming_es');
  const phone = options.phone === undefined ? '+34612345678' : options.phone;
  const contactId = options.contactId ?? 4200 + options.conversationId;
  event.id = options.id;
  event.content = options.content === undefined ? `mensaje ${options.id}` : options.content;
  event.conversation.id = options.conversationId;
  event.conversation.custom_attributes = options.attributes ?? {};
  event.conversation.contact_inbox.source_id = phone ? phone.replace('+', '') : 'ES.1029384756';
  event.conversation.contact_inbox.contact_id = contactId;
  for (const sender of [event.sender, event.conversation.meta.sender]) {
    sender.phone_number = phone;
    sender.id = contactId;
    sender.name = options.name ?? 'Juan Pérez García';
  }
  event.conversation.messages[0].id = options.id;
  if (options.attachments) event.attachments = options.attachments;
  return event;
}
