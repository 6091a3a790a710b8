/**
 * Control API of the local Chatwoot stand-in (scripts/chat/standin.ts): what `npm run chat`
 * uses to play the customer and to watch what the bot writes. Chatwoot's own REST API and
 * webhooks are served separately, in Chatwoot's shapes.
 */
export const CONTROL_PREFIX = '/_standin';
export const DEFAULT_STANDIN_PORT = 3100;
/** Where uploaded files are served, as in Chatwoot (Active Storage blob URLs). */
export const BLOB_PATH = '/rails/active_storage/blobs/redirect/';

export interface BotAttachment {
  id: number;
  file_type: string;
  content_type: string;
  data_url: string;
  file_name: string;
  file_size: number;
}

export interface BotMessage {
  id: number;
  content: string | null;
  private: boolean;
  attachments: BotAttachment[];
}

/** What the worker did in a conversation through Chatwoot's REST API, in order. */
export type StandInEvent = { seq: number; at: string } & (
  | { type: 'message'; message: BotMessage }
  | { type: 'labels'; added: string[]; removed: string[]; labels: string[] }
  | { type: 'attributes'; changed: Record<string, unknown> }
  | { type: 'assignment'; team_id: number | null }
  | { type: 'contact'; changed: Record<string, unknown> }
);

export interface ServiceState {
  url: string;
  up: boolean;
  detail: string | null;
}

export interface StandInHealth {
  status: 'ok';
  api: ServiceState | null;
  worker: ServiceState | null;
}

export interface ChatContact {
  id: number;
  name: string;
  phone_number: string;
}

export interface NewConversation {
  conversation_id: number;
  contact: ChatContact;
}

export interface UploadedFile {
  file_name: string;
  content_type: string;
  data_base64: string;
}

/** One customer message: text, or one file (WhatsApp sends every photo as its own message). */
export interface SendRequest {
  content: string | null;
  attachment?: UploadedFile;
}

export interface WebhookOutcome {
  /** HTTP status of the api's answer; null when it could not be reached. */
  status: number | null;
  /** `status` field of the api's answer (received, duplicate, ignored_auto_attention_disabled…). */
  outcome: string | null;
  error: string | null;
}

export interface SendResult {
  message_id: number;
  webhook: WebhookOutcome;
}

export interface EventsPage {
  events: StandInEvent[];
  /** Pass as `after` to get only later events. */
  next: number;
}
