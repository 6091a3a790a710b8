import { StreamEnvelope } from '@app/domain';
import { withTrace } from './stream-producer.service';

/** An outbox row as written: the columns `OutboxService.add` fills, in snake case for SQL. */
export interface OutboxRecord {
  message_type: string;
  ordering_key: string | null;
  envelope: StreamEnvelope;
  position: number;
}

/** An outbox row read back for publishing (from SQL JSON: snake case, ISO timestamps). */
export interface UnpublishedOutboxRow {
  id: string;
  message_type: string;
  ordering_key: string | null;
  envelope: StreamEnvelope<object>;
  position: number;
}

/**
 * The outbox rows of envelopes written by one transaction, in order. The current trace is
 * stamped now: publishing may happen later, outside it (the sweeper).
 */
export const outboxRecords = (envelopes: readonly StreamEnvelope[]): OutboxRecord[] =>
  envelopes.map((envelope, position) => ({
    message_type: envelope.type,
    ordering_key: envelope.key,
    envelope: withTrace(envelope),
    position,
  }));
