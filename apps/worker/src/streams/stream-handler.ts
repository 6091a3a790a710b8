import { SetMetadata } from '@nestjs/common';
import { MessageType, StreamEnvelope, StreamName } from '@app/domain';

export const STREAM_HANDLER_KEY = 'streams:handler';

/** Marks a provider as the handler of one message type (found by the registry at boot). */
export const StreamHandlerFor = (type: MessageType): ClassDecorator =>
  SetMetadata(STREAM_HANDLER_KEY, type);

export interface HandlerContext {
  stream: StreamName;
  entryId: string;
  /** 1 on the first attempt, +1 after each failed one (deaths of the worker are counted apart). */
  attempt: number;
  maxAttempts: number;
  /**
   * Fencing for handlers with external side effects: another consumer may have taken the entry
   * over (this process stalled longer than the claim idle: a long pause, Redis unreachable).
   * Checks ownership and writes progress in one atomic step: sets `set` and deletes `unset` in
   * the Redis hash `key` (its TTL renewed) only while this consumer owns the entry. False when
   * the entry was taken over (nothing written): the handler then throws `EntryTakenOver` and
   * the new owner finishes the work.
   */
  writeProgressIfOwned(
    key: string,
    set: Record<string, string | number>,
    unset: readonly string[],
    ttlSeconds: number,
  ): Promise<boolean>;
}

/**
 * What a handler may ask for besides "done": come back to this entry later without counting an
 * attempt (e.g. the pause between two images). The entry stays pending and keeps its place at
 * the head of its conversation, but the handler slot is released for other conversations.
 */
export interface HandlerResult {
  continueAfterMs: number;
}

/**
 * A stream handler. It must be idempotent (entries are delivered at least once) and must return
 * only after its database transaction committed: the consumer acknowledges the entry then.
 */
export interface StreamHandler<P = unknown> {
  handle(envelope: StreamEnvelope<P>, context: HandlerContext): Promise<void | HandlerResult>;
}

/** The entry belongs to another consumer now: stop without acknowledging or counting a failure. */
export class EntryTakenOver extends Error {
  public constructor(entryId: string) {
    super(`entry ${entryId} was taken over by another consumer`);
    this.name = 'EntryTakenOver';
  }
}

/** An error that retrying cannot fix: the entry goes to the dead-letter stream at once. */
export class PermanentError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}
