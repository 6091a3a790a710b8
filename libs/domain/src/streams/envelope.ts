import { StreamName } from './stream-names';

/** Version of the envelope layout itself (fields around the payload). */
export const ENVELOPE_VERSION = 1;

/**
 * Message types carried by the streams, `<domain>.<event>.v<version>`. A payload change that old
 * consumers cannot read gets a new type (v2) instead of changing v1 in place, so a rolling
 * deploy never feeds an old worker a shape it does not understand.
 */
export const MessageType = {
  /** A customer message Chatwoot sent us (webhook) or that the reconciler found missing. */
  CHATWOOT_MESSAGE_RECEIVED: 'chatwoot.message_received.v1',
  /** Ordered Chatwoot writes for one conversation: replies, images, notes, labels, attributes. */
  CHATWOOT_DELIVERY: 'chatwoot.delivery.v1',
  /** A regulatory document to extract, chunk and index (upload or reprocess). */
  DOCUMENT_PROCESSING_REQUESTED: 'document.processing_requested.v1',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Which stream each message type travels on. The worker refuses to boot without a handler. */
export const MESSAGE_STREAMS: Record<MessageType, StreamName> = {
  [MessageType.CHATWOOT_MESSAGE_RECEIVED]: StreamName.INCOMING_MESSAGES,
  [MessageType.CHATWOOT_DELIVERY]: StreamName.OUTGOING_MESSAGES,
  [MessageType.DOCUMENT_PROCESSING_REQUESTED]: StreamName.DOCUMENT_PROCESSING,
};

export const isMessageType = (value: unknown): value is MessageType =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(MESSAGE_STREAMS, value);

/**
 * What every stream entry holds in its single `data` field (JSON).
 * - `id`: unique id of the logical message (dedupe key; stable across re-drives)
 * - `key`: ordering key; entries with the same key are handled one at a time, in stream order
 *   (the Chatwoot conversation id for everything conversational). `null` = no ordering.
 */
export interface StreamEnvelope<P = unknown> {
  v: typeof ENVELOPE_VERSION;
  id: string;
  type: MessageType;
  key: string | null;
  created_at: string;
  payload: P;
  /**
   * W3C trace context of the work that produced the entry (e.g. the webhook request), so the
   * consumer continues the same trace. Optional: older entries and some producers have none.
   */
  traceparent?: string;
}

/** A stream entry whose data cannot be read: never retried, dead-lettered at once. */
export class InvalidEnvelopeError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidEnvelopeError';
  }
}

export const buildEnvelope = <P>(
  type: MessageType,
  id: string,
  key: string | null,
  payload: P,
  now: Date = new Date(),
): StreamEnvelope<P> => ({
  v: ENVELOPE_VERSION,
  id,
  type,
  key,
  created_at: now.toISOString(),
  payload,
});

const TRACEPARENT_SHAPE = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks the envelope (not the payload: that is the handler's contract). */
export function parseEnvelope(data: string | null | undefined): StreamEnvelope {
  if (!data) throw new InvalidEnvelopeError('entry has no data field');
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new InvalidEnvelopeError('data is not JSON');
  }
  if (!isRecord(parsed)) throw new InvalidEnvelopeError('data is not an object');
  if (parsed.v !== ENVELOPE_VERSION) {
    throw new InvalidEnvelopeError(`unsupported envelope version ${String(parsed.v)}`);
  }
  if (typeof parsed.id !== 'string' || parsed.id.length === 0) {
    throw new InvalidEnvelopeError('envelope id missing');
  }
  if (!isMessageType(parsed.type)) {
    throw new InvalidEnvelopeError(`unknown message type ${String(parsed.type)}`);
  }
  if (parsed.key !== null && typeof parsed.key !== 'string') {
    throw new InvalidEnvelopeError('envelope key must be a string or null');
  }
  if (!isRecord(parsed.payload)) throw new InvalidEnvelopeError('payload is not an object');
  const envelope: StreamEnvelope = {
    v: ENVELOPE_VERSION,
    id: parsed.id,
    type: parsed.type,
    key: parsed.key,
    created_at: typeof parsed.created_at === 'string' ? parsed.created_at : '',
    payload: parsed.payload,
  };
  // A malformed trace context is dropped, never a reason to refuse the entry.
  if (typeof parsed.traceparent === 'string' && TRACEPARENT_SHAPE.test(parsed.traceparent)) {
    envelope.traceparent = parsed.traceparent;
  }
  return envelope;
}

/** Stream entry ids (`<ms>-<seq>`) compared numerically; lexical order is wrong for them. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  const ms = BigInt(aMs) - BigInt(bMs);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(aSeq) - BigInt(bSeq);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/** Age in ms of a stream entry id, from the timestamp Redis put in it. */
export const streamIdAgeMs = (id: string, now: number = Date.now()): number =>
  Math.max(0, now - Number(id.split('-')[0] ?? now));
