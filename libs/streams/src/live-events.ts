import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { StreamOutboxEntity } from '@app/database';
import { AdminRole, StreamEnvelope } from '@app/domain';
import { RedisService } from '@app/redis';

/**
 * Live events for connected staff clients (`GET /api/admin/events`, server-sent events). They
 * live in one capped Redis stream shared by every api replica and the worker: its entry ids are
 * the SSE event ids, so a reconnecting client resumes after the last id it saw.
 */
export const LIVE_EVENTS_STREAM = 'staff_events_stream';
/** Entries kept (approximately): a client away for longer starts again from the present. */
export const LIVE_EVENTS_MAX_LEN = 10_000;
/** Outbox rows of this type are live events, appended to the live stream when published. */
export const LIVE_EVENT_OUTBOX_TYPE = 'staff.live_event.v1';

export const LiveEventType = {
  /** An escalation to a human was opened (worker: agent hand-over or panic button). */
  ESCALATION_CREATED: 'escalation.created',
  /** An escalation was resolved (by staff, or with its case). */
  ESCALATION_RESOLVED: 'escalation.resolved',
  /** A case is ready for a technician (the customer finished it, or staff moved it back). */
  CASE_PENDING_REVIEW: 'case.pending_review',
  /** A regulatory document's processing progressed (stage, percentage, done or failed). */
  DOCUMENT_PROGRESS: 'document.progress',
  /** A service (api replica, worker, database, Redis, …) stopped answering. Admins only. */
  SERVICE_DOWN: 'service.down',
} as const;
export type LiveEventType = (typeof LiveEventType)[keyof typeof LiveEventType];

/** Ids and states only: events never carry names, phone numbers or message text. */
export type LiveEventPayload = Record<string, string | number | boolean | null>;

export interface LiveEvent {
  type: LiveEventType;
  /** When it happened (ISO). */
  time: string;
  payload: LiveEventPayload;
  /** Roles that may see it; absent = every staff member. */
  roles?: AdminRole[];
}

/** Roles allowed to see each type when the producer does not say (absent = every role). */
const DEFAULT_ROLES: Partial<Record<LiveEventType, AdminRole[]>> = {
  [LiveEventType.SERVICE_DOWN]: ['admin'],
};

export const liveEvent = (
  type: LiveEventType,
  payload: LiveEventPayload,
  now: Date = new Date(),
): LiveEvent => {
  const roles = DEFAULT_ROLES[type];
  return { type, time: now.toISOString(), payload, ...(roles ? { roles } : {}) };
};

/** Whether a staff member with `role` may receive the event. */
export const liveEventVisibleTo = (event: LiveEvent, role: string): boolean =>
  !event.roles || event.roles.length === 0 || event.roles.some((allowed) => allowed === role);

/**
 * KEYS: dedupe marker, stream. ARGV: data, marker ttl, max length. XADD unless the marker exists
 * (an outbox row published twice is announced once).
 */
const APPEND_ONCE = `
if ARGV[2] ~= '0' then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
    return false
  end
end
return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'data', ARGV[1])
`;

type LiveRedis = RedisService['client'] & {
  liveEventAppend(
    marker: string,
    stream: string,
    data: string,
    ttlSeconds: number,
    maxLen: number,
  ): Promise<string | null>;
};

/**
 * Publishes live events. Two ways in:
 * - `stage(manager, key, events)` inside the transaction that makes the change (escalation
 *   created, case to pending_review, …): the events are outbox rows, appended to the live
 *   stream by `OutboxService.publishKey(key)` after commit (or by the outbox sweeper), so an
 *   event is never announced for a change that rolled back.
 * - `publish(event)` for facts that are not a database change (document processing progress,
 *   a service going down): appended at once. Best effort: a Redis error is logged, not thrown.
 */
@Injectable()
export class LiveEventPublisher {
  private readonly logger = new Logger(LiveEventPublisher.name);
  private readonly redis: LiveRedis;

  public constructor(redisService: RedisService) {
    const client = redisService.client;
    if (!('liveEventAppend' in client)) {
      client.defineCommand('liveEventAppend', { numberOfKeys: 2, lua: APPEND_ONCE });
    }
    this.redis = client as LiveRedis;
  }

  /** Writes the events as outbox rows of `key` inside the caller's transaction. */
  public async stage(
    manager: EntityManager,
    key: string | null,
    events: readonly LiveEvent[],
  ): Promise<void> {
    if (events.length === 0) return;
    await manager.insert(
      StreamOutboxEntity,
      events.map((event, position) => ({
        messageType: LIVE_EVENT_OUTBOX_TYPE,
        orderingKey: key,
        // Same row layout as stream messages; the payload is the live event.
        envelope: {
          v: 1,
          id: randomUUID(),
          type: LIVE_EVENT_OUTBOX_TYPE,
          key,
          created_at: event.time,
          payload: event,
        } as unknown as StreamEnvelope<object>,
        // After any stream message of the same transaction (those count from 0).
        position: 1000 + position,
      })),
    );
  }

  /** Appends one event now. Returns its id (the SSE event id), or null if Redis failed. */
  public async publish(event: LiveEvent): Promise<string | null> {
    try {
      return await this.append(event, null);
    } catch (error) {
      this.logger.warn({
        msg: 'live event not published',
        type: event.type,
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }

  /** Appends unless `dedupeKey` was already used (outbox rows). Throws on Redis errors. */
  public async append(
    event: LiveEvent,
    dedupeKey: string | null,
    dedupeTtlSeconds = 7 * 86_400,
  ): Promise<string | null> {
    return this.redis.liveEventAppend(
      dedupeKey ?? 'stream:unused',
      LIVE_EVENTS_STREAM,
      JSON.stringify(event),
      dedupeKey ? dedupeTtlSeconds : 0,
      LIVE_EVENTS_MAX_LEN,
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a live stream entry's data; null when it is not a live event (skipped by readers). */
export function parseLiveEvent(data: string | null | undefined): LiveEvent | null {
  if (!data) return null;
  try {
    const parsed: unknown = JSON.parse(data);
    if (!isRecord(parsed) || typeof parsed.type !== 'string' || !isRecord(parsed.payload)) {
      return null;
    }
    return {
      type: parsed.type as LiveEventType,
      time: typeof parsed.time === 'string' ? parsed.time : '',
      payload: parsed.payload as LiveEventPayload,
      ...(Array.isArray(parsed.roles) ? { roles: parsed.roles as AdminRole[] } : {}),
    };
  } catch {
    return null;
  }
}
