import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ChatwootClient } from '@app/chatwoot';
import { CustomerEntity } from '@app/database';
import {
  BOT_ATTRIBUTE,
  ChatwootDeliveryV1,
  DeliveryStep,
  MessageType,
  StreamEnvelope,
} from '@app/domain';
import { RedisService } from '@app/redis';
import { BotResumeMarker } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';
import {
  EntryTakenOver,
  HandlerContext,
  HandlerResult,
  PermanentError,
  StreamHandler,
  StreamHandlerFor,
} from '../streams/stream-handler';
import { ImageFetcher } from '../delivery/image-fetcher';

const PROGRESS_TTL_SECONDS = 7 * 86_400;
/** Clock skew allowed when looking for a message we may have sent before a crash. */
const SENT_LOOKBACK_MS = 120_000;

const MESSAGE_KINDS = new Set<DeliveryStep['kind']>(['text', 'private_note', 'image']);

interface Progress {
  done: number;
  inflight: number | null;
  inflightAt: number;
  /** The in-flight call ended without confirmation (error or timeout): nothing is pending. */
  inflightSettled: boolean;
  pauseUntil: number | null;
}

const isOutgoing = (type: unknown): boolean => type === 1 || type === 'outgoing';
const createdMs = (value: unknown): number =>
  typeof value === 'number' ? value * 1000 : Date.parse(String(value));

/**
 * `chatwoot.delivery.v1`: runs the Chatwoot writes of one delivery in order. Progress is stored
 * per step in Redis, so a retry resumes after the last confirmed step and never re-sends one.
 * A step that was started but not confirmed (crash, timeout) is first looked up in the
 * conversation: if Chatwoot has it, it counts as sent — but only once that call cannot be
 * pending any more: a worker that stalled mid-call (and lost the entry to another one) may
 * still be waiting for Chatwoot, so the new owner waits out the call's longest duration
 * first, and the stalled worker checks it still owns the entry before every step (fencing).
 * Pauses between images release the worker (the entry comes back later), so they never hold
 * up other conversations.
 */
@Injectable()
@StreamHandlerFor(MessageType.CHATWOOT_DELIVERY)
export class DeliveryHandler implements StreamHandler<ChatwootDeliveryV1> {
  private readonly logger = new Logger(DeliveryHandler.name);

  public constructor(
    private readonly chatwoot: ChatwootClient,
    private readonly redis: RedisService,
    private readonly botResume: BotResumeMarker,
    private readonly images: ImageFetcher,
    private readonly config: WorkerConfig,
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
  ) {}

  public async handle(
    envelope: StreamEnvelope<ChatwootDeliveryV1>,
    context: HandlerContext,
  ): Promise<void | HandlerResult> {
    const delivery = envelope.payload;
    if (typeof delivery.delivery_id !== 'string' || !Array.isArray(delivery.steps)) {
      throw new PermanentError('invalid delivery payload');
    }
    if (!this.config.chatwoot.apiToken) {
      throw new PermanentError('CHATWOOT_API_TOKEN is not configured');
    }
    const key = `delivery:progress:${delivery.delivery_id}`;
    const progress = await this.progress(key);
    for (let index = progress.done; index < delivery.steps.length; index += 1) {
      const step = delivery.steps[index];
      if (step.kind === 'pause') {
        const now = Date.now();
        if (progress.pauseUntil === null) {
          await this.redis.client.hset(key, 'pause_until', now + step.ms);
          await this.redis.client.expire(key, PROGRESS_TTL_SECONDS);
          return { continueAfterMs: step.ms };
        }
        if (now < progress.pauseUntil) return { continueAfterMs: progress.pauseUntil - now };
        progress.pauseUntil = null;
        await this.markDone(key, index);
        continue;
      }
      if (progress.inflight === index && MESSAGE_KINDS.has(step.kind)) {
        // An earlier run started this call and never confirmed it; it may still be pending.
        const pendingUntil = progress.inflightAt + this.longestCallMs;
        if (!progress.inflightSettled && Date.now() < pendingUntil) {
          return { continueAfterMs: pendingUntil - Date.now() };
        }
        if (await this.alreadySent(delivery, step, progress.inflightAt)) {
          this.logger.warn(
            `delivery ${delivery.delivery_id} step ${index} was sent before; skipped`,
          );
          await this.markDone(key, index);
          continue;
        }
      }
      // Fencing: the step is marked in flight only while this worker still owns the entry
      // (same round trip), so a worker that stalled and lost it never sends it as well.
      const owned = await context.writeProgressIfOwned(
        key,
        { inflight: index, inflight_at: Date.now() },
        ['inflight_settled'],
        PROGRESS_TTL_SECONDS,
      );
      if (!owned) throw new EntryTakenOver(context.entryId);
      try {
        await this.execute(delivery, step);
      } catch (error) {
        await this.redis.client.hset(key, 'inflight_settled', 1).catch(() => undefined);
        throw error;
      }
      await this.markDone(key, index);
    }
    this.logger.log({
      msg: 'delivery complete',
      delivery_id: delivery.delivery_id,
      conversation_id: delivery.conversation_id,
      reason: delivery.reason,
      steps: delivery.steps.length,
      attempt: context.attempt,
    });
  }

  private async progress(key: string): Promise<Progress> {
    const raw = await this.redis.client.hgetall(key);
    return {
      done: Number(raw.done ?? 0),
      inflight: raw.inflight === undefined ? null : Number(raw.inflight),
      inflightAt: Number(raw.inflight_at ?? 0),
      inflightSettled: raw.inflight_settled !== undefined,
      pauseUntil: raw.pause_until === undefined ? null : Number(raw.pause_until),
    };
  }

  private async markDone(key: string, index: number): Promise<void> {
    await this.redis.client
      .multi()
      .hset(key, 'done', index + 1)
      .hdel(key, 'inflight', 'inflight_at', 'inflight_settled', 'pause_until')
      .expire(key, PROGRESS_TTL_SECONDS)
      .exec();
  }

  /**
   * How long a message call may stay pending: a create is tried at most twice (it is not
   * idempotent), each bounded by the client timeout, plus slack for the backoff between them.
   */
  private get longestCallMs(): number {
    return this.config.chatwoot.timeoutMs * 2 + 2000;
  }

  private conversation(delivery: ChatwootDeliveryV1): string {
    if (!delivery.conversation_id) throw new PermanentError('step needs a conversation id');
    return delivery.conversation_id;
  }

  private async execute(delivery: ChatwootDeliveryV1, step: DeliveryStep): Promise<void> {
    switch (step.kind) {
      case 'text':
        await this.chatwoot.sendMessage(this.conversation(delivery), step.content);
        return;
      case 'private_note':
        await this.chatwoot.sendMessage(this.conversation(delivery), step.content, {
          private: true,
        });
        return;
      case 'image': {
        const file = await this.images.fetch(step.url);
        await this.chatwoot.sendAttachment(this.conversation(delivery), file, step.caption);
        return;
      }
      case 'set_attributes':
        await this.chatwoot.setCustomAttributes(this.conversation(delivery), step.attributes);
        // Chatwoot now reports the bot state itself; staff's "resuming" override is done.
        if (typeof step.attributes[BOT_ATTRIBUTE] === 'boolean') {
          await this.botResume.clear(this.conversation(delivery));
        }
        return;
      case 'add_labels':
        await this.chatwoot.addLabels(this.conversation(delivery), step.labels);
        return;
      case 'remove_labels':
        await this.chatwoot.removeLabels(this.conversation(delivery), step.labels);
        return;
      case 'assign_team': {
        const teamId = step.team_id ?? this.config.chatwoot.teamId;
        if (teamId !== null) await this.chatwoot.assignTeam(this.conversation(delivery), teamId);
        return;
      }
      case 'sync_contact':
        await this.syncContact(step.user_id);
        return;
      case 'pause':
        return;
      default: {
        const unknown: never = step;
        throw new PermanentError(`unknown delivery step ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Was this message step stored by Chatwoot during an attempt that did not confirm it? */
  private async alreadySent(
    delivery: ChatwootDeliveryV1,
    step: DeliveryStep,
    since: number,
  ): Promise<boolean> {
    const expected =
      step.kind === 'image' ? (step.caption ?? '') : 'content' in step ? step.content : '';
    const isPrivate = step.kind === 'private_note';
    const messages = await this.chatwoot.listMessages(this.conversation(delivery));
    return messages.some(
      (message) =>
        isOutgoing(message.message_type) &&
        Boolean(message.private) === isPrivate &&
        (message.content ?? '') === expected &&
        (step.kind !== 'image' || (message.attachments?.length ?? 0) > 0) &&
        createdMs(message.created_at) >= since - SENT_LOOKBACK_MS,
    );
  }

  /** Mirrors a customer to their Chatwoot contact (name, email, tipo) and stores the contact id. */
  private async syncContact(userId: string): Promise<void> {
    const customer = await this.customers.findOneBy({ id: userId });
    if (!customer) return; // deleted meanwhile: nothing to sync
    const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || null;
    const attributes = {
      name,
      email: customer.email,
      custom_attributes: {
        tipo: customer.clientType === 'professional' ? 'Profesional' : 'Particular',
      },
    };
    let contactId = customer.chatwootContactId;
    if (contactId === null && customer.phone) {
      contactId = (await this.chatwoot.findContactByPhone(customer.phone))?.id ?? null;
      if (contactId === null && this.config.chatwoot.inboxId !== null) {
        contactId = (
          await this.chatwoot.createContact({ phone_number: customer.phone, ...attributes })
        ).id;
      }
      if (contactId !== null) {
        await this.customers
          .createQueryBuilder()
          .update()
          .set({ chatwootContactId: contactId })
          .where('id = :id AND chatwoot_contact_id IS NULL', { id: customer.id })
          .andWhere('NOT EXISTS (SELECT 1 FROM users u WHERE u.chatwoot_contact_id = :cid)', {
            cid: contactId,
          })
          .execute();
      }
    }
    if (contactId !== null) await this.chatwoot.updateContact(contactId, attributes);
  }
}
