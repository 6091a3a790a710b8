import { Injectable } from '@nestjs/common';
import {
  ChatwootMessageReceivedV1,
  compareStreamIds,
  MessageType,
  parseEnvelope,
  StreamName,
} from '@app/domain';
import { RedisService } from '@app/redis';
import { StreamKeys } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';

/** A burst never waits longer than this many windows after its first message. */
const MAX_WINDOWS = 4;
/** At most this many queued messages are answered together. */
const MAX_BURST = 20;

export interface Burst {
  /** The messages queued behind the current one in its conversation, oldest first. */
  followers: ChatwootMessageReceivedV1[];
  /** Their stream entry ids, same order. */
  followerEntryIds: string[];
  /** Wait this long for more messages before answering (0 = answer now). */
  waitMs: number;
}

const receivedAt = (message: ChatwootMessageReceivedV1): number => {
  const at = Date.parse(message.received_at);
  return Number.isFinite(at) ? at : Date.now();
};

/**
 * Customers split one request over several WhatsApp messages ("hola" / "quiero legalizar el
 * escape" / "de mi moto"). Messages of a conversation are queued in order in the incoming
 * stream; this looks at the ones queued behind the message being handled so the turn answers
 * them together, and tells how long to wait for more. Waiting is a deferral of the stream
 * entry (no slot is held, other conversations go on) and loses nothing on a crash: the
 * messages stay pending in the stream until their turn commits.
 */
@Injectable()
export class BurstCollector {
  public constructor(
    private readonly redis: RedisService,
    private readonly config: WorkerConfig,
  ) {}

  public async collect(
    entryId: string,
    message: ChatwootMessageReceivedV1,
    expectsPhotos: boolean,
    now = Date.now(),
  ): Promise<Burst> {
    const stream = StreamName.INCOMING_MESSAGES;
    const ids = await this.redis.client.lrange(
      StreamKeys.order(stream, message.conversation_id),
      0,
      MAX_BURST * 2,
    );
    const later = ids.filter((id) => compareStreamIds(id, entryId) > 0).slice(0, MAX_BURST);
    const followers: ChatwootMessageReceivedV1[] = [];
    const followerEntryIds: string[] = [];
    // One round trip for all of them (the ids are not contiguous in the stream).
    const pipeline = this.redis.client.pipeline();
    for (const id of later) pipeline.xrange(stream, id, id);
    const found = later.length > 0 ? ((await pipeline.exec()) ?? []) : [];
    for (const [index, id] of later.entries()) {
      const [error, entries] = found[index] ?? [null, []];
      if (error) throw error;
      const fields = (entries as [string, string[]][])[0]?.[1] ?? [];
      const data = fields[fields.indexOf('data') + 1];
      try {
        const envelope = parseEnvelope(data);
        if (envelope.type === MessageType.CHATWOOT_MESSAGE_RECEIVED) {
          followers.push(envelope.payload as ChatwootMessageReceivedV1);
          followerEntryIds.push(id);
        }
      } catch {
        // An unreadable follower is dead-lettered when its own turn comes; it ends the burst.
        break;
      }
    }
    const all = [message, ...followers];
    const photos =
      expectsPhotos && all.some((m) => m.attachments.some((a) => a.file_type === 'image'));
    const window = photos ? this.config.agent.photoQuietMs : this.config.agent.burstWindowMs;
    if (window <= 0) return { followers, followerEntryIds, waitMs: 0 };
    const first = receivedAt(message);
    const last = Math.max(...all.map(receivedAt));
    if (now - first >= window * MAX_WINDOWS) return { followers, followerEntryIds, waitMs: 0 };
    return { followers, followerEntryIds, waitMs: Math.max(0, window - (now - last)) };
  }
}
