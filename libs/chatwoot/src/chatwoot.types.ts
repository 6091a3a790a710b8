/** Connection settings of the Chatwoot REST client (validated by the app's config). */
export interface ChatwootClientOptions {
  /** e.g. https://chat.example.com (no trailing slash needed). */
  baseUrl: string;
  apiToken: string;
  accountId: number;
  /** Inbox used when we must create contacts or conversations ourselves. */
  inboxId: number | null;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Attempts for idempotent calls (reads, attribute/label/assignment writes). */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export const CHATWOOT_OPTIONS = Symbol('CHATWOOT_OPTIONS');

export interface ChatwootContact {
  id: number;
  name: string | null;
  email: string | null;
  phone_number: string | null;
  identifier?: string | null;
  custom_attributes?: Record<string, unknown>;
  contact_inboxes?: { source_id: string; inbox?: { id: number } }[];
}

export interface ChatwootConversation {
  id: number;
  inbox_id?: number;
  status?: string;
  labels?: string[];
  custom_attributes?: Record<string, unknown>;
  last_activity_at?: number;
  meta?: { sender?: Record<string, unknown> };
  [key: string]: unknown;
}

export interface ChatwootMessage {
  id: number;
  content: string | null;
  message_type: number | string;
  private: boolean;
  created_at: number | string;
  conversation_id?: number;
  attachments?: Record<string, unknown>[];
  sender?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface OutgoingFile {
  data: Buffer;
  filename: string;
  contentType: string;
}
