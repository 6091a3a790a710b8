import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Counter } from 'prom-client';
import {
  ChatwootMessageReceivedV1,
  chatwootDedupeKey,
  DomainError,
  ErrorCode,
  interpretWebhook,
  maskPhone,
  messageReceivedEnvelope,
} from '@app/domain';
import { MetricsService } from '@app/observability';
import { BotResumeMarker, StreamProducer } from '@app/streams';
import { ApiConfig } from '../../config/api.config';
import { WebhookResponseDto } from './chatwoot-webhook.dto';
import { checkChatwootSignature, safeEqual } from './webhook-signature';

export interface WebhookRequest {
  token: string;
  body: unknown;
  rawBody: Buffer | undefined;
  signature: string | undefined;
  timestamp: string | undefined;
}

const unauthorized = (message: string): DomainError =>
  new DomainError('unauthorized', ErrorCode.UNAUTHORIZED, message);

/**
 * `POST /webhook/chatwoot/{token}` (what Chatwoot relies on: docs/behaviour-contract.md).
 * Chatwoot waits 5 s and never re-sends, so this path does the minimum: check the token (and the
 * HMAC signature when configured), read the top-level fields, and enqueue with an atomic
 * dedupe + XADD. No database writes; the worker does the rest.
 */
@Injectable()
export class ChatwootWebhookService implements OnModuleInit {
  private readonly logger = new Logger(ChatwootWebhookService.name);
  private readonly events: Counter<'outcome'>;

  public constructor(
    private readonly config: ApiConfig,
    private readonly producer: StreamProducer,
    private readonly botResume: BotResumeMarker,
    metrics: MetricsService,
  ) {
    this.events = new Counter({
      name: 'chatwoot_webhook_events_total',
      help: 'Chatwoot webhook calls by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  public onModuleInit(): void {
    if (!this.config.chatwoot.webhookToken) {
      this.logger.warn(
        'CHATWOOT_WEBHOOK_TOKEN is not set: every Chatwoot webhook call answers 401',
      );
    }
  }

  public async receive(request: WebhookRequest): Promise<WebhookResponseDto> {
    this.authenticate(request);
    const decision = interpretWebhook(request.body);
    this.events.inc({ outcome: decision.outcome });
    switch (decision.outcome) {
      case 'invalid':
        throw new DomainError(
          'invalid',
          'INVALID_WEBHOOK_PAYLOAD',
          'El cuerpo no es un evento de Chatwoot',
          { reason: decision.reason },
        );
      case 'ignored':
        return { status: 'ignored' };
      case 'ignored_auto_attention_disabled':
        // Staff re-enabled the bot and Chatwoot does not know yet: the message is for the bot.
        if (await this.botResume.isSet(decision.conversationId)) {
          return this.enqueue(decision.message);
        }
        // Remember it, so the gap reconciler never replays it once the bot is back on.
        await this.producer.markSeen(
          chatwootDedupeKey(decision.chatwootMessageId),
          this.config.chatwoot.dedupeTtlSeconds,
        );
        return { status: 'ignored_auto_attention_disabled' };
      case 'accept':
        return this.enqueue(decision.message);
    }
  }

  private async enqueue(message: ChatwootMessageReceivedV1): Promise<WebhookResponseDto> {
    const result = await this.producer.enqueue(messageReceivedEnvelope(message), {
      dedupeKey: chatwootDedupeKey(message.chatwoot_message_id),
      dedupeTtlSeconds: this.config.chatwoot.dedupeTtlSeconds,
    });
    this.events.inc({ outcome: result.duplicate ? 'duplicate' : 'received' });
    this.logger.log({
      msg: result.duplicate ? 'duplicate webhook' : 'customer message queued',
      conversation_id: message.conversation_id,
      chatwoot_message_id: message.chatwoot_message_id,
      phone: maskPhone(message.contact.phone.e164 ?? message.contact.phone.raw),
      phone_status: message.contact.phone.status,
    });
    return { status: result.duplicate ? 'duplicate' : 'received' };
  }

  private authenticate(request: WebhookRequest): void {
    const expected = this.config.chatwoot.webhookToken;
    if (!expected || !safeEqual(request.token, expected)) {
      this.events.inc({ outcome: 'unauthorized' });
      throw unauthorized('Token de webhook no válido');
    }
    const secret = this.config.chatwoot.webhookSecret;
    if (!secret) return;
    const check = checkChatwootSignature(
      secret,
      request.rawBody ?? Buffer.alloc(0),
      request.signature,
      request.timestamp,
      this.config.chatwoot.signatureMaxAgeSeconds,
    );
    if (check !== 'ok') {
      this.events.inc({ outcome: `signature_${check}` });
      throw unauthorized(`Firma de webhook no válida (${check})`);
    }
  }
}
