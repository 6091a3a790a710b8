import { StreamName } from '@app/domain';

/**
 * Redis keys of the stream machinery (the connection adds REDIS_KEY_PREFIX to all of them).
 * - order list: the pending entry ids of one ordering key (conversation), oldest first; the
 *   head is the only entry of that key any consumer may handle
 * - lock: lease held by the consumer handling the head, renewed by its heartbeat
 * - attempts: handling attempts per entry id (survives crashes, drives the delivery cap)
 */
export const StreamKeys = {
  order: (stream: string, key: string): string => `stream:order:${stream}:${key}`,
  lock: (stream: string, key: string): string => `stream:lock:${stream}:${key}`,
  attempts: (stream: string): string => `stream:attempts:${stream}`,
  /** Dedupe marker of an outbox row published to a stream. */
  outbox: (rowId: string): string => `stream:outbox:${rowId}`,
  /** Placeholder for script key slots that a call does not use. */
  unused: 'stream:unused',
} as const;

/** Consumer group of each stream (one group per stream; consumers scale out inside it). */
export const CONSUMER_GROUPS: Partial<Record<StreamName, string>> = {
  [StreamName.INCOMING_MESSAGES]: 'agent_workers',
  [StreamName.OUTGOING_MESSAGES]: 'delivery_workers',
  [StreamName.DOCUMENT_PROCESSING]: 'document_workers',
};
