/**
 * Dialogues written as data: what the customer says, what the bot's answer must (not) say, and
 * what the database must hold afterwards. They run through the real webhook, a real worker
 * process and the fake Chatwoot (test/e2e/agent-dialogues.e2e-spec.ts).
 */
export interface DialogueTurn {
  /** Customer text; several strings = a burst of messages sent back to back. */
  say: string | string[];
  /** Each string must appear (case- and accent-insensitive) in the bot's new messages. */
  expect?: string[];
  /** None of these may appear. */
  not?: string[];
  /** No bot message at all for this turn (handed over to staff). */
  silent?: boolean;
}

export interface DialogueFacts {
  /** Status of the conversation's latest case; null = no case was opened. */
  caseStatus?: string | null;
  caseAmount?: number;
  caseElements?: string[];
  /** Customer columns that must hold these values. */
  customer?: Record<string, string>;
  /** Case columns (snake_case) that must hold these values. */
  case?: Record<string, string | number | boolean>;
  /** Open escalations of the conversation. */
  openEscalations?: number;
}

export interface Dialogue {
  name: string;
  /** Chatwoot conversation attribute `tipo` (client type). */
  tipo?: 'Particular' | 'Profesional';
  turns: DialogueTurn[];
  facts?: DialogueFacts;
}
