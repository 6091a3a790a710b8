/**
 * Dialogues written as data: what the customer says (and sends: photos, audio), what staff do
 * between turns, where the worker is killed, what the bot's answer must (not) say, and what the
 * database must hold afterwards. They run through the real webhook, real worker processes and
 * the fake Chatwoot (test/e2e/agent-dialogues.e2e-spec.ts).
 */

/**
 * One customer photo, each its own WhatsApp message: a real JPEG or bytes that are no image,
 * both served by the fake Chatwoot, a `data_url` elsewhere (forbidden host, SSRF attempt), or
 * a Chatwoot URL that redirects to `redirect` (an SSRF attempt through an allowed host).
 */
export type DialoguePhoto = 'jpeg' | 'invalid' | { url: string } | { redirect: string };

/**
 * Staff between turns: resolve the conversation's open escalations (POST …/resolve), or the
 * panic button (`agent_enabled` through the settings API).
 */
export type StaffAction = 'resolve' | 'panic_on' | 'panic_off';

/**
 * kill -9 of the worker: `before` the customer writes (messages wait in the stream), once the
 * customer message is stored (`turn`, the reply not committed yet), or while the reply is being
 * written to Chatwoot (`delivery`, Chatwoot has it but never confirmed). A fresh worker is
 * started at once; in a two-worker dialogue the other worker carries on instead.
 */
export type CrashPoint = 'before' | 'turn' | 'delivery';

export interface DialogueTurn {
  staff?: StaffAction[];
  crash?: CrashPoint;
  /** Photos sent (one message each) before the text. */
  photos?: DialoguePhoto[];
  /** Photos that reach Chatwoot but whose webhook never arrives (found again on "listo"). */
  missed?: DialoguePhoto[];
  /** A voice note before the text. */
  audio?: boolean;
  /** Customer text; several strings = a burst of messages sent back to back. */
  say?: string | string[];
  /** Each string must appear (case- and accent-insensitive) in the bot's new messages. */
  expect?: string[];
  /** None of these may appear. */
  not?: string[];
  /** No bot message at all for this turn (handed over to staff). */
  silent?: boolean;
  /** Bot replies stored for this turn (default 1, 0 when silent; the panic reply is not one). */
  replies?: number;
  /** Database facts right after this turn. */
  facts?: DialogueFacts;
}

/** A stored field value; null = nothing stored under that key. */
export type StoredValue = string | number | boolean | null;

export interface DialogueFacts {
  /** Status of the conversation's latest case; null = no case was opened. */
  caseStatus?: string | null;
  caseAmount?: number;
  caseElements?: string[];
  /** Cases the conversation ever had (a duplicate shows here). */
  cases?: number;
  /** The engine's step (agent_conversation_states). */
  step?: string;
  /** Customer columns that must hold these values. */
  customer?: Record<string, StoredValue>;
  /** Case columns (snake_case) that must hold these values. */
  case?: Record<string, StoredValue>;
  /** case_element_data rows of the latest case: status and field values. */
  elements?: Record<string, { status?: string; fields?: Record<string, StoredValue> }>;
  /** Photos stored in the latest case per element code; `base` = vehicle documentation. */
  photos?: Record<string, number>;
  /** Open escalations of the conversation. */
  openEscalations?: number;
  /** Escalations of the conversation, open or not. */
  escalations?: number;
}

export interface Dialogue {
  name: string;
  /** Chatwoot conversation attribute `tipo` (client type). */
  tipo?: 'Particular' | 'Profesional';
  /** Two worker processes consume the streams while this dialogue runs. */
  workers?: 2;
  turns: DialogueTurn[];
  /** Database facts at the end. */
  facts?: DialogueFacts;
}
