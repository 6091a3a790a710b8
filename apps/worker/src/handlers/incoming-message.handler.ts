import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConversationMessageEntity, CustomerEntity, EscalationEntity } from '@app/database';
import {
  buildEnvelope,
  buildReplySteps,
  ChatwootDeliveryV1,
  ChatwootMessageReceivedV1,
  DeliveryStep,
  maskPhone,
  messageReceivedProblem,
  MessageType,
  StreamEnvelope,
  stripMarkdownForWhatsApp,
} from '@app/domain';
import { OutboxService } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';
import { AgentPort } from '../conversation/agent.port';
import { ConversationIngestService } from '../conversation/conversation-ingest.service';
import { AgentSettingsService } from '../settings/agent-settings.service';
import {
  HandlerContext,
  PermanentError,
  StreamHandler,
  StreamHandlerFor,
} from '../streams/stream-handler';

/** Label put on escalated conversations in Chatwoot. */
export const ESCALATION_LABEL = 'escalado';

class AlreadyArchived extends Error {}

const delivery = (
  id: string,
  conversationId: string,
  reason: string,
  steps: DeliveryStep[],
): StreamEnvelope<ChatwootDeliveryV1> =>
  buildEnvelope(MessageType.CHATWOOT_DELIVERY, id, conversationId, {
    delivery_id: id,
    conversation_id: conversationId,
    reason,
    steps,
  });

/**
 * `chatwoot.message_received.v1`: store the customer message, run the panic-button flow or ask
 * the agent, and hand every Chatwoot write to the outgoing stream (through the outbox, in the
 * same transaction). Idempotent: the message archive's unique Chatwoot id and the reply's
 * unique `reply_to` make a redelivery store nothing twice and reply at most once.
 */
@Injectable()
@StreamHandlerFor(MessageType.CHATWOOT_MESSAGE_RECEIVED)
export class IncomingMessageHandler implements StreamHandler<ChatwootMessageReceivedV1> {
  private readonly logger = new Logger(IncomingMessageHandler.name);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: ConversationIngestService,
    private readonly settings: AgentSettingsService,
    private readonly agent: AgentPort,
    private readonly outbox: OutboxService,
    private readonly config: WorkerConfig,
  ) {}

  public async handle(
    envelope: StreamEnvelope<ChatwootMessageReceivedV1>,
    context: HandlerContext,
  ): Promise<void> {
    const problem = messageReceivedProblem(envelope.payload);
    if (problem) throw new PermanentError(`invalid payload: ${problem}`);
    const message = envelope.payload;
    const conversationId = message.conversation_id;
    const settings = await this.settings.get();

    let recorded: { customer: CustomerEntity; historyId: string; isFirst: boolean } | null = null;
    try {
      recorded = await this.dataSource.transaction(async (manager) => {
        if (await this.ingest.isArchived(manager, message.chatwoot_message_id)) return null;
        const customer = await this.ingest.upsertCustomer(manager, message);
        const history = await this.ingest.upsertHistory(manager, message, customer.id);
        if (!(await this.ingest.archiveCustomerMessage(manager, history.id, message))) {
          throw new AlreadyArchived();
        }
        const envelopes: StreamEnvelope[] = [];
        if (!settings.agentEnabled) {
          const panic = await this.panicButton(
            manager,
            message,
            customer,
            settings.disabledMessage,
          );
          if (panic) envelopes.push(panic);
        } else if (
          history.inserted &&
          message.conversation_attributes.atencion_automatica === null
        ) {
          envelopes.push(
            delivery(`init:${conversationId}`, conversationId, 'conversation_start', [
              { kind: 'set_attributes', attributes: { atencion_automatica: true } },
            ]),
          );
        }
        await this.outbox.add(manager, envelopes);
        return { customer, historyId: history.id, isFirst: history.inserted };
      });
    } catch (error) {
      if (!(error instanceof AlreadyArchived)) throw error;
    }
    this.logger.log({
      msg: recorded ? 'customer message stored' : 'customer message already stored',
      conversation_id: conversationId,
      chatwoot_message_id: message.chatwoot_message_id,
      phone: maskPhone(message.contact.phone.e164 ?? message.contact.phone.raw),
      phone_status: message.contact.phone.status,
      attempt: context.attempt,
      panic: !settings.agentEnabled,
    });

    if (settings.agentEnabled) await this.reply(message, recorded?.isFirst ?? false);
    await this.outbox.publishKey(conversationId);
  }

  /**
   * Panic button (spec §5.2, §6.6): one escalation per conversation, and only the conversation
   * that gets it is answered (once) — the bot is switched off, labelled and noted in Chatwoot.
   * Old assistant messages are never re-sent (weakness 2).
   */
  private async panicButton(
    manager: EntityManager,
    message: ChatwootMessageReceivedV1,
    customer: CustomerEntity,
    disabledMessage: string,
  ): Promise<StreamEnvelope | null> {
    const inserted = (await manager
      .createQueryBuilder()
      .insert()
      .into(EscalationEntity)
      .values({
        conversationId: message.conversation_id,
        userId: customer.id,
        reason: 'Asistente desactivado (botón de pánico): la conversación pasa a un agente humano',
        source: 'agent_disabled',
        status: 'pending',
        metadata: {
          user_phone: customer.phone,
          priority: 'normal',
          is_technical_error: false,
          chatwoot_message_id: message.chatwoot_message_id,
        },
      })
      .orIgnore()
      .returning(['id'])
      .execute()) as { raw: { id: string }[] };
    const escalationId = inserted.raw[0]?.id;
    if (!escalationId) return null; // this conversation is already with a human
    const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || 'cliente';
    const steps: DeliveryStep[] = [
      { kind: 'set_attributes', attributes: { atencion_automatica: false } },
      { kind: 'text', content: stripMarkdownForWhatsApp(disabledMessage) },
      { kind: 'add_labels', labels: [ESCALATION_LABEL] },
      {
        kind: 'private_note',
        content:
          `ESCALACIÓN POR BOTÓN DE PÁNICO: el asistente automático está desactivado ` +
          `(agent_enabled=false). Cliente: ${name}. Atiende esta conversación manualmente. ` +
          `Escalación ${escalationId}.`,
      },
    ];
    if (this.config.chatwoot.teamId !== null) steps.push({ kind: 'assign_team', team_id: null });
    return delivery(`panic:${escalationId}`, message.conversation_id, 'panic_button', steps);
  }

  /** Asks the agent once per customer message and stores + enqueues its reply atomically. */
  private async reply(message: ChatwootMessageReceivedV1, isFirstMessage: boolean): Promise<void> {
    const replies = this.dataSource.getRepository(ConversationMessageEntity);
    if (await replies.existsBy({ replyToChatwootMessageId: message.chatwoot_message_id })) return;
    const context = await this.ingest.loadContext(this.dataSource.manager, message.conversation_id);
    if (!context?.customer) return;
    const answer = await this.agent.respond({
      conversationId: message.conversation_id,
      conversationHistoryId: context.history.id,
      chatwootMessageId: message.chatwoot_message_id,
      isFirstMessage,
      customer: {
        id: context.customer.id,
        firstName: context.customer.firstName,
        lastName: context.customer.lastName,
        phone: context.customer.phone,
        clientType: context.customer.clientType,
      },
      message,
    });
    if (!answer) return;
    const steps = buildReplySteps(answer, this.config.deliveryImageGapMs);
    if (steps.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const stored = await manager
        .createQueryBuilder()
        .insert()
        .into(ConversationMessageEntity)
        .values({
          conversationHistoryId: context.history.id,
          role: 'assistant',
          content: [answer.text, answer.follow_up].filter(Boolean).join('\n\n'),
          replyToChatwootMessageId: message.chatwoot_message_id,
          hasImages: answer.images.length > 0,
          imageCount: answer.images.length,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      if ((stored.raw as unknown[]).length === 0) return; // replied by a concurrent run
      await this.outbox.add(manager, [
        delivery(
          `reply:${message.chatwoot_message_id}`,
          message.conversation_id,
          'agent_reply',
          steps,
        ),
      ]);
    });
  }
}
