import { Injectable } from '@nestjs/common';
import { parseEnvelope, StreamName, streamIdAgeMs, InvalidEnvelopeError } from '@app/domain';
import { RedisService } from '@app/redis';
import { CONSUMER_GROUPS, StreamKeys } from './keys';
import { ScriptedRedis, withStreamScripts } from './scripts';

export interface ConsumerStats {
  name: string;
  pending: number;
  idle_ms: number;
}

export interface GroupStats {
  name: string;
  consumers: ConsumerStats[];
  pending: number;
  last_delivered_id: string;
  lag: number | null;
  oldest_pending_id: string | null;
  oldest_pending_age_ms: number | null;
}

export interface StreamStats {
  name: string;
  length: number;
  groups: GroupStats[];
}

export interface DeadLetter {
  id: string;
  original_stream: string;
  original_id: string;
  message_type: string | null;
  message_id: string | null;
  ordering_key: string | null;
  error: string;
  attempts: number;
  failed_at: string;
  consumer_group: string;
  consumer: string;
  data: string;
}

export interface RedriveResult {
  dead_letter_id: string;
  redriven: boolean;
  new_entry_id: string | null;
}

/** Operator-level views and actions on the streams (stats, dead letters, re-drive). */
@Injectable()
export class StreamOps {
  private readonly redis: ScriptedRedis;

  public constructor(redisService: RedisService) {
    this.redis = withStreamScripts(redisService.client);
  }

  public async stats(
    streams: readonly string[] = Object.values(StreamName),
  ): Promise<StreamStats[]> {
    return Promise.all(streams.map((stream) => this.streamStats(stream)));
  }

  public async deadLetters(
    limit: number,
    before?: string,
  ): Promise<{ items: DeadLetter[]; total: number }> {
    const end = before ? `(${before}` : '+';
    const [raw, total] = await Promise.all([
      this.redis.xrevrange(StreamName.DEAD_LETTER, end, '-', 'COUNT', limit),
      this.redis.xlen(StreamName.DEAD_LETTER),
    ]);
    return { items: raw.map(([id, fields]) => toDeadLetter(id, fields)), total };
  }

  public async deadLetter(id: string): Promise<DeadLetter | null> {
    const raw = await this.redis.xrange(StreamName.DEAD_LETTER, id, id);
    const first = raw[0];
    return first ? toDeadLetter(first[0], first[1]) : null;
  }

  /** Re-enqueues one dead letter on its original stream; a second call is a no-op. */
  public async redrive(id: string): Promise<RedriveResult> {
    const letter = await this.deadLetter(id);
    if (!letter) return { dead_letter_id: id, redriven: false, new_entry_id: null };
    const target = letter.original_stream;
    const key = letter.ordering_key;
    const newId = await this.redis.streamRedrive(
      StreamName.DEAD_LETTER,
      target,
      key === null ? StreamKeys.unused : StreamKeys.order(target, key),
      id,
      key === null ? '0' : '1',
    );
    return { dead_letter_id: id, redriven: newId !== null, new_entry_id: newId };
  }

  /** Re-drives every dead letter present now (oldest first). */
  public async redriveAll(): Promise<RedriveResult[]> {
    const results: RedriveResult[] = [];
    let start = '-';
    for (;;) {
      const batch = await this.redis.xrange(StreamName.DEAD_LETTER, start, '+', 'COUNT', 100);
      if (batch.length === 0) break;
      for (const [id] of batch) results.push(await this.redrive(id));
      start = `(${batch[batch.length - 1]?.[0] ?? '+'}`;
    }
    return results;
  }

  /** XINFO is not key-prefixed by ioredis (container command): prefix by hand. */
  private raw(key: string): string {
    return `${this.redis.options.keyPrefix ?? ''}${key}`;
  }

  private async streamStats(stream: string): Promise<StreamStats> {
    const length = await this.redis.xlen(stream);
    if (length === 0 && !(await this.redis.exists(stream))) {
      return { name: stream, length: 0, groups: [] };
    }
    const groupsRaw = (await this.redis.xinfo('GROUPS', this.raw(stream))) as unknown[][];
    const groups = await Promise.all(
      groupsRaw.map(async (rawGroup) => {
        const group = pairs(rawGroup);
        const name = str(group.name, '');
        const [consumersRaw, summary] = await Promise.all([
          this.redis.xinfo('CONSUMERS', this.raw(stream), name) as Promise<unknown[][]>,
          this.redis.xpending(stream, name) as Promise<
            [number, string | null, string | null, unknown]
          >,
        ]);
        const oldest = summary[1] ?? null;
        return {
          name,
          consumers: consumersRaw.map((raw) => {
            const consumer = pairs(raw);
            return {
              name: String(consumer.name),
              pending: Number(consumer.pending ?? 0),
              idle_ms: Number(consumer.idle ?? 0),
            };
          }),
          pending: Number(group.pending ?? 0),
          last_delivered_id: str(group['last-delivered-id'], '0-0'),
          lag: group.lag === null || group.lag === undefined ? null : Number(group.lag),
          oldest_pending_id: oldest,
          oldest_pending_age_ms: oldest ? streamIdAgeMs(oldest) : null,
        };
      }),
    );
    return { name: stream, length, groups };
  }
}

const pairs = (flat: unknown[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
};

function toDeadLetter(id: string, fields: string[]): DeadLetter {
  const map = pairs(fields) as Record<string, string | undefined>;
  const data = map.data ?? '';
  let type: string | null = null;
  let messageId: string | null = null;
  let key: string | null = null;
  try {
    const envelope = parseEnvelope(data);
    type = envelope.type;
    messageId = envelope.id;
    key = envelope.key;
  } catch (error) {
    if (!(error instanceof InvalidEnvelopeError)) throw error;
  }
  return {
    id,
    original_stream: map.original_stream ?? '',
    original_id: map.original_id ?? '',
    message_type: type,
    message_id: messageId,
    ordering_key: key,
    error: map.error ?? '',
    attempts: Number(map.attempts ?? 0),
    failed_at: map.failed_at ?? '',
    consumer_group: map.consumer_group ?? '',
    consumer: map.consumer ?? '',
    data,
  };
}

/** Consumer group name of a stream (throws for streams nobody consumes). */
export function groupOf(stream: StreamName): string {
  const group = CONSUMER_GROUPS[stream];
  if (!group) throw new Error(`stream ${stream} has no consumer group`);
  return group;
}

const str = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
