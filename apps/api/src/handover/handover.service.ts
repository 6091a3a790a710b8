import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  botStateAfter,
  buildEnvelope,
  ChatwootDeliveryV1,
  DeliveryStep,
  MessageType,
} from '@app/domain';
import { BotResumeMarker, OutboxService } from '@app/streams';

/**
 * Chatwoot side effects of staff actions (take/resolve a case, resolve an escalation): bot on or
 * off, customer notification, labels, private notes. They are never called inline, where a
 * Chatwoot failure would be lost: they are written as one `chatwoot.delivery.v1` into the outbox
 * in the same transaction as the status change, then published to the outgoing stream, where the
 * worker delivers them in order with the conversation's other messages, retrying Chatwoot
 * outages. A status change can therefore never commit without its Chatwoot effects queued.
 */
@Injectable()
export class HandoverService {
  private readonly logger = new Logger(HandoverService.name);

  public constructor(
    private readonly outbox: OutboxService,
    private readonly botResume: BotResumeMarker,
  ) {}

  /** Queues the steps inside the caller's transaction. Returns the delivery id. */
  public async queue(
    manager: EntityManager,
    conversationId: string,
    reason: string,
    steps: DeliveryStep[],
  ): Promise<string> {
    const deliveryId = `${reason}:${randomUUID()}`;
    const payload: ChatwootDeliveryV1 = {
      delivery_id: deliveryId,
      conversation_id: conversationId,
      reason,
      steps,
    };
    await this.outbox.add(manager, [
      buildEnvelope(MessageType.CHATWOOT_DELIVERY, deliveryId, conversationId, payload),
    ]);
    return deliveryId;
  }

  /**
   * Publishes after commit. A Redis hiccup here does not fail the staff action: the rows stay
   * in the outbox and the worker's outbox sweeper publishes them shortly after.
   */
  public async publish(
    conversationId: string,
    steps: readonly DeliveryStep[] | null = null,
  ): Promise<void> {
    try {
      // Before publishing: the worker clears the marker once Chatwoot has the new value.
      const botState = steps ? botStateAfter(steps) : null;
      if (botState === true) await this.botResume.set(conversationId);
      if (botState === false) await this.botResume.clear(conversationId);
      await this.outbox.publishKey(conversationId);
    } catch (error) {
      this.logger.warn({
        msg: 'outbox publish deferred to the sweeper',
        conversation_id: conversationId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
