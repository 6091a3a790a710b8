import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { In, Repository } from 'typeorm';
import { ChatwootClient, ChatwootConversation, ChatwootMessage } from '@app/chatwoot';
import { ConversationMessageEntity } from '@app/database';
import {
  attributeBoolean,
  chatwootDedupeKey,
  ChatwootMessageReceivedV1,
  messageReceivedEnvelope,
  receivedFromApi,
} from '@app/domain';
import { MetricsService } from '@app/observability';
import { RedisService } from '@app/redis';
import { StreamProducer } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';

const LOCK_KEY = 'reconciler:lock';
const MAX_MESSAGE_PAGES = 5;

export interface ReconcileReport {
  skipped: boolean;
  conversations: number;
  checked: number;
  enqueued: number;
}

const createdMs = (value: unknown): number =>
  typeof value === 'number' ? value * 1000 : Date.parse(String(value));

/**
 * Gap recovery. Chatwoot never re-sends a webhook, so a message sent while the api was down or
 * restarting would be lost. Every RECONCILER_INTERVAL_MS one worker (Redis lease) lists the
 * conversations active within RECONCILER_LOOKBACK_SECONDS, reads their recent messages and
 * enqueues the incoming ones we never received, through the same atomic dedupe as the
 * webhook. Idempotent: a message already enqueued or stored is skipped.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconcilerService.name);
  private readonly enqueuedTotal: Counter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  public constructor(
    private readonly chatwoot: ChatwootClient,
    private readonly producer: StreamProducer,
    private readonly redis: RedisService,
    private readonly config: WorkerConfig,
    @InjectRepository(ConversationMessageEntity)
    private readonly messages: Repository<ConversationMessageEntity>,
    metrics: MetricsService,
  ) {
    this.enqueuedTotal = new Counter({
      name: 'reconciler_enqueued_total',
      help: 'Customer messages the reconciler found missing and enqueued',
      registers: [metrics.registry],
    });
  }

  public onApplicationBootstrap(): void {
    if (!this.config.reconciler.enabled) {
      this.logger.log('reconciler disabled: RECONCILER_ENABLED=false');
      return;
    }
    if (!this.config.chatwoot.apiToken) {
      this.logger.log(
        'reconciler disabled: CHATWOOT_API_TOKEN is empty (no Chatwoot to compare with)',
      );
      return;
    }
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error: unknown) =>
          this.logger.warn(
            `reconcile failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => (this.running = null));
    }, this.config.reconciler.intervalMs);
  }

  public async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  public async runOnce(now: Date = new Date()): Promise<ReconcileReport> {
    const leaseMs = Math.max(1000, Math.floor(this.config.reconciler.intervalMs * 0.9));
    const acquired = await this.redis.client.set(
      LOCK_KEY,
      String(process.pid),
      'PX',
      leaseMs,
      'NX',
    );
    if (acquired !== 'OK') return { skipped: true, conversations: 0, checked: 0, enqueued: 0 };
    const cutoff = now.getTime() - this.config.reconciler.lookbackSeconds * 1000;
    const conversations = await this.activeConversations(cutoff);
    let checked = 0;
    let enqueued = 0;
    for (const conversation of conversations) {
      const found = await this.missing(conversation, cutoff, now);
      checked += found.checked;
      for (const message of found.missing) {
        const disabled = message.conversation_attributes.atencion_automatica === false;
        const key = chatwootDedupeKey(message.chatwoot_message_id);
        if (disabled) {
          // Handled by a human: remember it so it is never replayed once the bot is back.
          await this.producer.markSeen(key, this.config.chatwoot.dedupeTtlSeconds);
          continue;
        }
        const result = await this.producer.enqueue(messageReceivedEnvelope(message, now), {
          dedupeKey: key,
          dedupeTtlSeconds: this.config.chatwoot.dedupeTtlSeconds,
        });
        if (!result.duplicate) {
          enqueued += 1;
          this.enqueuedTotal.inc();
          this.logger.warn({
            msg: 'recovered a customer message the webhook never delivered',
            conversation_id: message.conversation_id,
            chatwoot_message_id: message.chatwoot_message_id,
          });
        }
      }
    }
    return { skipped: false, conversations: conversations.length, checked, enqueued };
  }

  private async activeConversations(cutoff: number): Promise<ChatwootConversation[]> {
    const found: ChatwootConversation[] = [];
    for (let page = 1; found.length < this.config.reconciler.maxConversations; page += 1) {
      const batch = await this.chatwoot.listConversations({
        status: 'all',
        inboxId: this.config.chatwoot.inboxId,
        page,
      });
      if (batch.length === 0) break;
      let older = false;
      for (const conversation of batch) {
        const activity = createdMs(conversation.last_activity_at ?? 0);
        if (activity < cutoff) {
          older = true;
          continue;
        }
        found.push(conversation);
      }
      if (older) break;
    }
    return found.slice(0, this.config.reconciler.maxConversations);
  }

  /** Incoming messages of one conversation within the window that we neither queued nor stored. */
  private async missing(
    conversation: ChatwootConversation,
    cutoff: number,
    now: Date,
  ): Promise<{ checked: number; missing: ChatwootMessageReceivedV1[] }> {
    const recent: ChatwootMessage[] = [];
    let before: number | undefined;
    for (let page = 0; page < MAX_MESSAGE_PAGES; page += 1) {
      const batch = await this.chatwoot.listMessages(conversation.id, { before });
      if (batch.length === 0) break;
      recent.push(...batch.filter((message) => createdMs(message.created_at) >= cutoff));
      const oldest = batch.reduce(
        (min, message) => Math.min(min, message.id),
        Number.MAX_SAFE_INTEGER,
      );
      if (batch.some((message) => createdMs(message.created_at) < cutoff)) break;
      if (before !== undefined && oldest >= before) break;
      before = oldest;
    }
    const attention = attributeBoolean(conversation.custom_attributes?.atencion_automatica);
    const candidates = recent
      .map((message) => receivedFromApi(conversation, message, now))
      .filter((message): message is ChatwootMessageReceivedV1 => message !== null)
      .map((message) => ({
        ...message,
        conversation_attributes: {
          ...message.conversation_attributes,
          atencion_automatica: attention,
        },
      }))
      .sort((a, b) => a.chatwoot_message_id - b.chatwoot_message_id);
    if (candidates.length === 0) return { checked: 0, missing: [] };
    const seen = await this.producer.seen(
      candidates.map((m) => chatwootDedupeKey(m.chatwoot_message_id)),
    );
    const stored = new Set(
      (
        await this.messages.find({
          select: { chatwootMessageId: true },
          where: { chatwootMessageId: In(candidates.map((m) => m.chatwoot_message_id)) },
        })
      ).map((row) => row.chatwootMessageId),
    );
    const missing = candidates.filter(
      (message, index) => !seen[index] && !stored.has(message.chatwoot_message_id),
    );
    return { checked: candidates.length, missing };
  }
}
