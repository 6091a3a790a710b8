import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerEntity, EscalationEntity } from '@app/database';
import {
  ChatwootMessageReceivedV1,
  maskPhone,
  messageReceivedProblem,
  MessageType,
  panicHandoverSteps,
  StreamEnvelope,
} from '@app/domain';
import { liveEvent, LiveEventType, OutboxService } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';
import { BurstCollector } from '../conversation/burst-collector.service';
import {
  ConversationIngestService,
  StoredAgentState,
} from '../conversation/conversation-ingest.service';
import { ConversationTurnService } from '../conversation/engine/conversation-turn.service';
import { deliveryEnvelope as delivery } from '../conversation/engine/turn-effects';
import { AgentSettingsService } from '../settings/agent-settings.service';
import {
  HandlerContext,
  HandlerResult,
  PermanentError,
  StreamHandler,
  StreamHandlerFor,
} from '../streams/stream-handler';

class AlreadyArchived extends Error {}

/**
 * Bound of the in-memory memories of this handler (answered followers, messages stored before
 * their burst wait): a miss only costs the slow path.
 */
const MAX_REMEMBERED = 10_000;

interface Recorded {
  customer: CustomerEntity;
  historyId: string;
  /** The agent's state as it was before this message (read with the customer lock). */
  stateBefore: StoredAgentState | null;
}

/**
 * `chatwoot.message_received.v1`: store the customer message, run the panic-button flow or a
 * turn of the customer agent, and hand every Chatwoot write to the outgoing stream (through
 * the outbox, in the same transaction). Idempotent: the message archive's unique Chatwoot id,
 * the turn's taking of each message and the reply's unique `reply_to` make a redelivery store
 * nothing twice and reply at most once. Messages queued behind this one in the same
 * conversation within the burst window are answered in the same turn.
 */
@Injectable()
@StreamHandlerFor(MessageType.CHATWOOT_MESSAGE_RECEIVED)
export class IncomingMessageHandler implements StreamHandler<ChatwootMessageReceivedV1> {
  private readonly logger = new Logger(IncomingMessageHandler.name);
  /** Stream entries of burst followers that a committed turn of this process answered. */
  private readonly answeredFollowers = new Set<string>();
  /**
   * Stream entries this process stored and then deferred for the burst window. Their second
   * run starts at the turn: storing again would only find the message archived, after a
   * transaction and two reads. Another process (after a crash) takes the full, idempotent way.
   */
  private readonly storedBeforeWait = new Map<string, Recorded>();

  public constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: ConversationIngestService,
    private readonly settings: AgentSettingsService,
    private readonly turns: ConversationTurnService,
    private readonly bursts: BurstCollector,
    private readonly outbox: OutboxService,
    private readonly config: WorkerConfig,
  ) {}

  public async handle(
    envelope: StreamEnvelope<ChatwootMessageReceivedV1>,
    context: HandlerContext,
  ): Promise<void | HandlerResult> {
    const problem = messageReceivedProblem(envelope.payload);
    if (problem) throw new PermanentError(`invalid payload: ${problem}`);
    const message = envelope.payload;
    const conversationId = message.conversation_id;
    const storedBefore = this.storedBeforeWait.get(context.entryId);
    this.storedBeforeWait.delete(context.entryId);
    // Answered already, in the turn of an earlier message of its burst (this process saw
    // that turn commit): nothing left to do. Anything else goes the full, idempotent way
    // (from the turn on when this process stored the message before its burst wait).
    if (this.answeredFollowers.delete(context.entryId)) return;
    const settings = await this.settings.get();

    const recorded = storedBefore ? null : await this.record(message, settings);
    if (!storedBefore) {
      this.logger.log({
        msg: recorded ? 'customer message stored' : 'customer message already stored',
        conversation_id: conversationId,
        chatwoot_message_id: message.chatwoot_message_id,
        phone: maskPhone(message.contact.phone.e164 ?? message.contact.phone.raw),
        phone_status: message.contact.phone.status,
        attempt: context.attempt,
        panic: !settings.agentEnabled,
      });
    }

    if (settings.agentEnabled) {
      const result = await this.turn(message, context, recorded, storedBefore);
      if (result === 'published') return;
      if (result) return result;
    }
    await this.outbox.publishKey(conversationId);
  }

  /** Stores the message (customer, conversation, archive); null when stored before. */
  private async record(
    message: ChatwootMessageReceivedV1,
    settings: { agentEnabled: boolean; disabledMessage: string },
  ): Promise<Recorded | null> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const lock = await this.ingest.lockCustomer(manager, message);
        if (lock.archived) return null;
        const customer = await this.ingest.upsertCustomer(manager, message);
        const history = await this.ingest.storeMessage(manager, message, customer.id);
        if (!history.archived) throw new AlreadyArchived();
        // With the bot on, the conversation's first turn switches Chatwoot's bot attribute on
        // in its reply's delivery (see `turn`); with it off, the panic button answers.
        if (!settings.agentEnabled) {
          const panic = await this.panicButton(
            manager,
            message,
            customer,
            settings.disabledMessage,
          );
          await this.outbox.add(manager, panic ? [panic] : []);
        }
        return {
          customer,
          historyId: history.id,
          stateBefore: lock.state,
        };
      });
    } catch (error) {
      if (!(error instanceof AlreadyArchived)) throw error;
      return null;
    }
  }

  /**
   * One turn of the customer agent for this message and the ones queued right behind it. While
   * the burst window is open the entry is deferred (no slot held). On the last attempt a
   * failing turn still answers the customer with a short fallback. `published`: the turn
   * published the conversation's outbox rows (those of `record` included). `storedBefore`:
   * what this process stored of the message before its burst wait.
   */
  private async turn(
    message: ChatwootMessageReceivedV1,
    context: HandlerContext,
    recorded: Recorded | null,
    storedBefore?: Recorded,
  ): Promise<HandlerResult | 'published' | null> {
    // After a wait the state read with the customer lock is old: read it again (a hint).
    const stateBefore = recorded
      ? recorded.stateBefore
      : await this.turns.loadState(message.conversation_id);
    const expectsPhotos = this.turns.imageTarget(stateBefore) !== null;
    const burst = await this.bursts.collect(context.entryId, message, expectsPhotos);
    if (burst.waitMs > 0) {
      const stored = recorded ?? storedBefore;
      if (stored) this.rememberStored(context.entryId, stored);
      return { continueAfterMs: burst.waitMs };
    }
    let customer = recorded?.customer ?? storedBefore?.customer ?? null;
    for (const follower of burst.followers) {
      if (follower.conversation_id === message.conversation_id) {
        const recorded = await this.record(follower, { agentEnabled: true, disabledMessage: '' });
        customer = recorded?.customer ?? customer;
      }
    }
    if (!customer) {
      const stored = await this.ingest.loadContext(
        this.dataSource.manager,
        message.conversation_id,
      );
      customer = stored?.customer ?? null;
    }
    if (!customer) return null;
    const request = {
      conversationId: message.conversation_id,
      customerId: customer.id,
      customerPhone: customer.phone,
      messageIds: [message, ...burst.followers].map((m) => m.chatwoot_message_id),
      messages: [message, ...burst.followers],
      stateBefore,
      switchesBotOn:
        stateBefore === null && message.conversation_attributes.atencion_automatica === null,
    };
    try {
      const { ran } = await this.turns.run(request);
      this.rememberAnswered(burst.followerEntryIds);
      return ran ? 'published' : null;
    } catch (error) {
      if (context.attempt < context.maxAttempts) throw error;
      this.logger.error(
        `turn for message ${message.chatwoot_message_id} failed on the last attempt, ` +
          `sending the fallback: ${error instanceof Error ? error.message : String(error)}`,
      );
      await this.turns.fallback(request);
      return 'published';
    }
  }

  /** Remembers follower entries a committed turn answered (bounded: oldest forgotten first). */
  private rememberAnswered(entryIds: readonly string[]): void {
    for (const id of entryIds) this.answeredFollowers.add(id);
    for (const id of this.answeredFollowers) {
      if (this.answeredFollowers.size <= MAX_REMEMBERED) break;
      this.answeredFollowers.delete(id);
    }
  }

  /** Remembers a message stored before its burst wait (bounded like `rememberAnswered`). */
  private rememberStored(entryId: string, stored: Recorded): void {
    this.storedBeforeWait.set(entryId, stored);
    for (const id of this.storedBeforeWait.keys()) {
      if (this.storedBeforeWait.size <= MAX_REMEMBERED) break;
      this.storedBeforeWait.delete(id);
    }
  }

  /**
   * Panic button (`agent_enabled=false`): one escalation per conversation, and only the
   * conversation that gets it is answered (once, with `agent_disabled_message`) — the bot is
   * switched off, labelled and noted in Chatwoot. Earlier assistant messages are never re-sent.
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
    await this.outbox.addLiveEvents(manager, message.conversation_id, [
      liveEvent(LiveEventType.ESCALATION_CREATED, {
        escalation_id: escalationId,
        conversation_id: message.conversation_id,
        source: 'agent_disabled',
        priority: 'normal',
      }),
    ]);
    const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || 'cliente';
    const steps = panicHandoverSteps({
      customerMessage: disabledMessage,
      customerName: name,
      escalationId,
      unassignTeam: this.config.chatwoot.teamId !== null,
    });
    return delivery(`panic:${escalationId}`, message.conversation_id, 'panic_button', steps);
  }
}
