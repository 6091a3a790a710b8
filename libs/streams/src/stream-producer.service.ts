import { Injectable } from '@nestjs/common';
import { StreamEnvelope, MESSAGE_STREAMS } from '@app/domain';
import { currentTraceparent } from '@app/observability';
import { RedisService } from '@app/redis';
import { StreamKeys } from './keys';
import { ScriptedRedis, withStreamScripts } from './scripts';

export interface EnqueueOptions {
  /** When set, the entry is added only if this key did not exist (SET NX + XADD, atomically). */
  dedupeKey?: string;
  dedupeTtlSeconds?: number;
}

export interface EnqueueResult {
  /** Stream entry id, or null when the dedupe key said "already enqueued". */
  entryId: string | null;
  duplicate: boolean;
}

/** Stamps the current trace on an envelope that has none (the consumer continues it). */
export const withTrace = (envelope: StreamEnvelope): StreamEnvelope => {
  if (envelope.traceparent) return envelope;
  const traceparent = currentTraceparent();
  return traceparent ? { ...envelope, traceparent } : envelope;
};

/**
 * Adds envelopes to their stream. Dedupe, XADD and the per-key order list are one Lua script,
 * so a crash can neither enqueue a message without its dedupe marker nor mark it without
 * enqueueing it (setting the marker first would lose the message on such a crash).
 */
@Injectable()
export class StreamProducer {
  private readonly redis: ScriptedRedis;

  public constructor(redisService: RedisService) {
    this.redis = withStreamScripts(redisService.client);
  }

  public async enqueue(
    envelope: StreamEnvelope,
    options: EnqueueOptions = {},
  ): Promise<EnqueueResult> {
    const stream = MESSAGE_STREAMS[envelope.type];
    const dedupe = options.dedupeKey !== undefined;
    const entryId = await this.redis.streamEnqueue(
      stream,
      options.dedupeKey ?? StreamKeys.unused,
      envelope.key === null ? StreamKeys.unused : StreamKeys.order(stream, envelope.key),
      JSON.stringify(withTrace(envelope)),
      dedupe ? Math.max(1, options.dedupeTtlSeconds ?? 86400) : 0,
      envelope.key === null ? '0' : '1',
      envelope.id,
    );
    return { entryId, duplicate: entryId === null };
  }

  /** Sets a dedupe marker without enqueueing (a message we saw and deliberately ignore). */
  public async markSeen(
    dedupeKey: string,
    ttlSeconds: number,
    value = 'ignored',
  ): Promise<boolean> {
    const result = await this.redis.set(dedupeKey, value, 'EX', Math.max(1, ttlSeconds), 'NX');
    return result === 'OK';
  }

  /** Which of these dedupe keys exist (one round trip). */
  public async seen(dedupeKeys: string[]): Promise<boolean[]> {
    if (dedupeKeys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    dedupeKeys.forEach((key) => pipeline.exists(key));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => !error && value === 1);
  }
}
