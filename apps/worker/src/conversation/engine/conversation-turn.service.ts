import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AgentConversationStateEntity, ConversationMessageEntity, JsonObject } from '@app/database';
import {
  AgentReply,
  AgentStep,
  AgentTurnOutput,
  BOT_ATTRIBUTE,
  buildReplySteps,
  decideTurn,
  DeliveryStep,
  IMAGE_STEPS,
  IncomingAttachmentV1,
  photoReconcileTarget,
  TurnAttachment,
  TurnMessage,
} from '@app/domain';
import { OutboxService, UnpublishedOutboxRow } from '@app/streams';
import { WorkerConfig } from '../../config/worker.config';
import { StoredAgentState } from '../conversation-ingest.service';
import { MissedPhotoMessage } from '../photos/missed-photos';
import { PhotoIntakeService, StoredPhoto } from '../photos/photo-intake.service';
import { deliveryEnvelope, TurnEffects } from './turn-effects';
import { TakenMessageRow, TurnFacts, TurnInputsService } from './turn-inputs.service';
import { TurnReply, writeReply, writeTurn } from './turn-writer';
import { LlmTurnService } from '../llm/llm-turn.service';

export { TurnConflictError } from './turn-writer';

export interface TurnRequest {
  conversationId: string;
  customerId: string;
  customerPhone: string | null;
  /** Chatwoot ids of the stored customer messages this turn answers (a burst), ascending. */
  messageIds: number[];
  /** The conversation's state row as the caller just read it (`null`: none yet); saves a read. */
  stateBefore?: StoredAgentState | null;
  /**
   * The messages as the webhook brought them (same ids, same order), when the caller has
   * them: a photo step whose messages carry no image and no "done" needs no photo work.
   */
  messages?: readonly { content: string | null; attachments: readonly { file_type: string }[] }[];
  /**
   * The conversation's first turn while Chatwoot has no bot attribute yet: the reply's delivery
   * first switches the bot on in Chatwoot (staff see who answers), in the same delivery.
   */
  switchesBotOn?: boolean;
}

export interface TurnResult {
  /** False when every message had been taken by an earlier turn (redelivery). */
  ran: boolean;
  output: AgentTurnOutput | null;
}

const FALLBACK_REPLY =
  'Perdona, he tenido un problema técnico y no he podido procesar tu mensaje. ' +
  '¿Puedes repetirlo en un momento?';

/** Chatwoot's bot attribute set on, before the first reply of a conversation. */
const BOT_ON: DeliveryStep = { kind: 'set_attributes', attributes: { [BOT_ATTRIBUTE]: true } };

/** The stored text of a reply: its message and follow-up question. */
const replyContent = (reply: AgentReply): string =>
  [reply.text, reply.follow_up].filter(Boolean).join('\n\n');

/** Where photos arriving now belong, from a stored state. */
const targetOf = (state: unknown): { caseId: string; elementCode: string | null } | null => {
  const target = (state as { imageTarget?: unknown } | null | undefined)?.imageTarget;
  if (!target || typeof target !== 'object') return null;
  const { caseId, elementCode } = target as { caseId?: unknown; elementCode?: unknown };
  if (typeof caseId !== 'string') return null;
  return { caseId, elementCode: typeof elementCode === 'string' ? elementCode : null };
};

/** Deterministic UUID (v5-shaped) from a name: a re-run of a turn creates the same rows. */
const uuidFrom = (name: string): string => {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const attachmentKind = (fileType: string): TurnAttachment['kind'] => {
  switch (fileType) {
    case 'image':
    case 'audio':
    case 'video':
    case 'location':
      return fileType;
    case 'file':
      return 'file';
    default:
      return 'other';
  }
};

/**
 * The engine adapter: runs one turn of the conversation engine for a burst of stored customer
 * messages. In ONE transaction it takes the messages (each message is taken once, ever),
 * links the photos stored for them, decides the turn, executes its effects, stores the reply
 * and its delivery in the outbox and writes the new state with an optimistic version check.
 * A crash anywhere before commit leaves nothing behind; after commit, a redelivery finds its
 * messages taken and does nothing.
 */
@Injectable()
export class ConversationTurnService {
  private readonly logger = new Logger(ConversationTurnService.name);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly inputs: TurnInputsService,
    private readonly photos: PhotoIntakeService,
    private readonly outbox: OutboxService,
    private readonly config: WorkerConfig,
    private readonly llm: LlmTurnService,
  ) {}

  /** The conversation's stored state row (read without locking), or null before its first turn. */
  public async loadState(conversationId: string): Promise<AgentConversationStateEntity | null> {
    return this.dataSource.manager.findOneBy(AgentConversationStateEntity, { conversationId });
  }

  /** Where photos arriving now belong, from a stored state row. */
  public imageTarget(
    row: StoredAgentState | null,
  ): { caseId: string; elementCode: string | null } | null {
    return targetOf(row?.state);
  }

  public async run(request: TurnRequest): Promise<TurnResult> {
    const { conversationId } = request;
    const stateBefore =
      request.stateBefore !== undefined
        ? request.stateBefore
        : await this.loadState(conversationId);
    const target = targetOf(stateBefore?.state);

    // Outside a photo step the messages are simply taken in the transaction. In a photo step
    // they are read first: their photos are fetched and stored before the transaction
    // (network and decoding take time), and "listo" makes the turn look for photos Chatwoot
    // has but whose webhook never came.
    let pending: ConversationMessageEntity[] | null = null;
    let missed: MissedPhotoMessage[] = [];
    const stored = new Map<number, StoredPhoto[]>();
    if (stateBefore && this.needsPhotoWork(stateBefore, target !== null, request.messages)) {
      const messages = await this.dataSource.manager.find(ConversationMessageEntity, {
        where: request.messageIds.map((chatwootMessageId) => ({ chatwootMessageId })),
        order: { chatwootMessageId: 'ASC' },
      });
      pending = messages.filter((message) => message.agentTurnAt === null);
      if (pending.length === 0) return { ran: false, output: null };
      const reconcile = photoReconcileTarget(
        stateBefore.state,
        pending.map((message) => message.content),
      );
      missed = reconcile ? await this.photos.missedPhotos(conversationId, reconcile.caseId) : [];
      const withPhotos = [
        ...pending.map((message) => ({
          id: message.chatwootMessageId,
          attachments: (message.attachments ?? []) as unknown as IncomingAttachmentV1[],
        })),
        ...missed.map((message) => ({
          id: message.chatwootMessageId,
          attachments: message.attachments,
        })),
      ];
      for (const { id, attachments } of withPhotos) {
        const images = attachments.filter((attachment) => attachment.file_type === 'image');
        if (target && images.length > 0 && id !== null) {
          stored.set(id, await this.photos.fetchAll(target.caseId, id, images));
        }
      }
    }

    // The optional language model is asked here, before the transaction (null when it is off).
    const plan = await this.llm.prepare(request);
    const catalogue = await this.inputs.catalogue();
    let output: AgentTurnOutput | null = null;
    let toPublish: UnpublishedOutboxRow[] = [];
    await this.dataSource.transaction(async (manager) => {
      // Outside a photo step taking the messages and reading the facts is one statement;
      // in a photo step the facts are read after the photos are linked (they count them).
      let facts: TurnFacts | null = null;
      let takenNow: ConversationMessageEntity[];
      if (pending) {
        takenNow = await this.take(manager, pending);
      } else {
        facts = await this.inputs.facts(
          manager,
          conversationId,
          request.customerId,
          request.messageIds,
        );
        takenNow = facts.taken.map((row) => this.takenEntity(manager, row));
      }
      if (takenNow.length === 0) return;
      // Named after the customer's own messages, so a re-run creates the same rows.
      const lastId = takenNow[takenNow.length - 1]?.chatwootMessageId ?? 0;
      const recovered = await this.archiveMissed(
        manager,
        takenNow[0]?.conversationHistoryId,
        missed,
      );
      if (recovered.length > 0) {
        this.logger.warn(
          `conversation ${conversationId}: ${recovered.length} photo message(s) found in Chatwoot without a webhook`,
        );
      }
      const taken = [...recovered, ...takenNow].sort(
        (a, b) => (a.chatwootMessageId ?? 0) - (b.chatwootMessageId ?? 0),
      );
      const turnMessages: TurnMessage[] = [];
      for (const message of taken) {
        const id = message.chatwootMessageId ?? 0;
        const photos = stored.get(id) ?? [];
        const outcomes = target ? await this.photos.link(manager, target, photos) : [];
        turnMessages.push({
          chatwootMessageId: id,
          text: message.content,
          at: message.createdAt.toISOString(),
          attachments: ((message.attachments ?? []) as unknown as IncomingAttachmentV1[]).map(
            (attachment): TurnAttachment => {
              if (attachment.file_type !== 'image' || !target) {
                return { kind: attachmentKind(attachment.file_type), outcome: 'ignored' };
              }
              const outcome = outcomes.find((photo) => photo.attachmentId === attachment.id);
              return outcome
                ? { kind: 'image', outcome: outcome.outcome, reason: outcome.reason }
                : { kind: 'image', outcome: 'refused', reason: 'no se pudo descargar' };
            },
          ),
        });
      }

      facts ??= await this.inputs.facts(manager, conversationId, request.customerId);
      const stateRow = facts.state;
      if (!facts.customer) throw new Error(`customer ${request.customerId} not found`);
      const now = new Date();
      output = decideTurn({
        state: stateRow?.state ?? null,
        conversationId,
        messages: turnMessages,
        customer: facts.customer,
        activeCase: facts.latestCase,
        handedOver: facts.handedOver,
        catalogue,
        settings: {
          maxMisunderstandings: this.config.agent.maxMisunderstandings,
          maxLoopRepeats: this.config.agent.maxLoopRepeats,
          publicBaseUrl: this.config.apiBaseUrl,
          timezone: this.config.agent.timezone,
        },
        now,
        newId: (purpose) => uuidFrom(`${conversationId}:${lastId}:${purpose}`),
        interpretation: plan?.interpretation ?? null,
      });
      output = this.llm.finish(plan, output);

      const effects = new TurnEffects(manager, {
        conversationId,
        customerId: request.customerId,
        customerPhone: request.customerPhone,
        turnId: lastId,
        teamId: this.config.chatwoot.teamId,
        now,
        timezone: this.config.agent.timezone,
      });
      await effects.apply(output.effects);
      await this.outbox.addLiveEvents(manager, conversationId, effects.liveEvents);
      // Only with a reply: a turn says nothing when staff have the conversation, and then the
      // bot must not be switched on.
      const opening = request.switchesBotOn && stateRow === null ? [BOT_ON] : [];
      toPublish = await writeTurn(manager, {
        conversationId,
        version: stateRow?.version ?? null,
        output,
        reply: this.turnReply(
          conversationId,
          taken[0]?.conversationHistoryId,
          lastId,
          output.reply,
          opening,
        ),
        envelopes: effects.envelopes,
      });
      this.logger.debug?.(`conversation ${conversationId} → ${output.state.step}`);
    });
    this.llm.record(conversationId, plan, output);
    if (output) await this.outbox.publishRows(conversationId, toPublish);
    return { ran: output !== null, output };
  }

  /**
   * Whether the turn must read its messages before the transaction to fetch photos or look for
   * missed ones: only in a photo step, and (when the caller knows the messages) only if one
   * carries an image or says the photos are done.
   */
  private needsPhotoWork(
    stateBefore: StoredAgentState,
    hasTarget: boolean,
    messages: TurnRequest['messages'],
  ): boolean {
    if (!hasTarget && !IMAGE_STEPS.includes(stateBefore.step as AgentStep)) return false;
    if (!messages) return true;
    return (
      messages.some((message) => message.attachments.some((a) => a.file_type === 'image')) ||
      photoReconcileTarget(
        stateBefore.state,
        messages.map((message) => message.content),
      ) !== null
    );
  }

  private takenEntity(manager: EntityManager, row: TakenMessageRow): ConversationMessageEntity {
    return manager.create(ConversationMessageEntity, {
      id: row.id,
      conversationHistoryId: row.conversation_history_id,
      role: 'user',
      content: row.content,
      chatwootMessageId: row.chatwoot_message_id,
      attachments: row.attachments as JsonObject[] | null,
      createdAt: new Date(row.created_at),
      agentTurnAt: new Date(row.agent_turn_at),
    });
  }

  /**
   * Last resort when a turn keeps failing: the customer still gets a short answer (once per
   * message) and the messages are taken, so they are not answered again later.
   */
  public async fallback(request: TurnRequest): Promise<void> {
    let toPublish: UnpublishedOutboxRow[] = [];
    await this.dataSource.transaction(async (manager) => {
      const messages = await manager.find(ConversationMessageEntity, {
        where: request.messageIds.map((chatwootMessageId) => ({ chatwootMessageId })),
        order: { chatwootMessageId: 'ASC' },
      });
      const taken = await this.take(
        manager,
        messages.filter((m) => m.agentTurnAt === null),
      );
      const last = taken[taken.length - 1];
      if (!last?.chatwootMessageId) return;
      const reply = this.turnReply(
        request.conversationId,
        last.conversationHistoryId,
        last.chatwootMessageId,
        { text: FALLBACK_REPLY, images: [], follow_up: null },
        request.switchesBotOn ? [BOT_ON] : [],
      );
      if (reply) toPublish = await writeReply(manager, request.conversationId, reply);
    });
    await this.outbox.publishRows(request.conversationId, toPublish);
  }

  /**
   * Stores the customer messages found only in Chatwoot, taken by this turn at once (a late
   * webhook for one of them then finds it answered). One stored meanwhile is left to its turn.
   */
  private async archiveMissed(
    manager: EntityManager,
    historyId: string | undefined,
    missed: readonly MissedPhotoMessage[],
  ): Promise<ConversationMessageEntity[]> {
    if (!historyId) return [];
    const archived: ConversationMessageEntity[] = [];
    for (const message of missed) {
      const images = message.attachments.filter((attachment) => attachment.file_type === 'image');
      const values = {
        conversationHistoryId: historyId,
        role: 'user' as const,
        content: (message.content ?? '').split('\u0000').join(''),
        chatwootMessageId: message.chatwootMessageId,
        hasImages: images.length > 0,
        imageCount: images.length,
        attachments: message.attachments as unknown as JsonObject[],
      };
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ConversationMessageEntity)
        .values({ ...values, agentTurnAt: () => 'now()' })
        .orIgnore()
        .returning(['id', 'createdAt'])
        .execute();
      const row = (inserted.raw as { id: string; created_at: Date }[])[0];
      if (row) {
        archived.push(
          manager.create(ConversationMessageEntity, {
            ...values,
            id: row.id,
            createdAt: new Date(row.created_at),
            agentTurnAt: new Date(),
          }),
        );
      }
    }
    return archived;
  }

  /**
   * The assistant message answering `replyTo` and its delivery (named after the customer's
   * message, so a re-run writes the same rows); null when there is nothing to send.
   */
  private turnReply(
    conversationId: string,
    historyId: string | undefined,
    replyTo: number,
    reply: AgentReply | null,
    opening: readonly DeliveryStep[],
  ): TurnReply | null {
    const steps = reply ? buildReplySteps(reply, this.config.deliveryImageGapMs) : [];
    if (!reply || !historyId || steps.length === 0) return null;
    return {
      historyId,
      replyTo,
      content: replyContent(reply),
      imageCount: reply.images.length,
      delivery: deliveryEnvelope(`reply:${replyTo}`, conversationId, 'agent_reply', [
        ...opening,
        ...steps,
      ]),
    };
  }

  /** Marks messages as taken by this turn; returns those no other turn took first. */
  private async take(
    manager: EntityManager,
    messages: ConversationMessageEntity[],
  ): Promise<ConversationMessageEntity[]> {
    if (messages.length === 0) return [];
    const rows = await manager
      .createQueryBuilder()
      .update(ConversationMessageEntity)
      .set({ agentTurnAt: () => 'now()' })
      .where('id IN (:...ids) AND agent_turn_at IS NULL', {
        ids: messages.map((message) => message.id),
      })
      .returning(['id'])
      .execute();
    const ids = new Set((rows.raw as { id: string }[]).map((row) => row.id));
    return messages.filter((message) => ids.has(message.id));
  }
}
