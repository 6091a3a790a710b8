import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CaseEntity, CustomerEntity, EscalationEntity, JsonObject } from '@app/database';
import {
  AgentEffect,
  appendCaseNotes,
  buildEnvelope,
  caseNoteLine,
  BOT_ATTRIBUTE,
  CasePatch,
  ConversationLabel,
  ChatwootDeliveryV1,
  CustomerPatch,
  DeliveryStep,
  MessageType,
  StreamEnvelope,
} from '@app/domain';
import { LiveEvent, liveEvent, LiveEventType } from '@app/streams';

export interface TurnEffectContext {
  conversationId: string;
  customerId: string;
  customerPhone: string | null;
  /** Id of the turn (its last customer message): names the deliveries it creates. */
  turnId: number;
  teamId: number | null;
  now: Date;
  timezone: string;
}

export const deliveryEnvelope = (
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

const CASE_COLUMNS: Record<keyof Omit<CasePatch, 'metadata'>, keyof CaseEntity> = {
  vehiculo_marca: 'vehiculoMarca',
  vehiculo_modelo: 'vehiculoModelo',
  vehiculo_anio: 'vehiculoAnio',
  vehiculo_matricula: 'vehiculoMatricula',
  vehiculo_bastidor: 'vehiculoBastidor',
  itv_nombre: 'itvNombre',
  taller_propio: 'tallerPropio',
  taller_nombre: 'tallerNombre',
  taller_responsable: 'tallerResponsable',
  taller_domicilio: 'tallerDomicilio',
  taller_provincia: 'tallerProvincia',
  taller_ciudad: 'tallerCiudad',
  taller_telefono: 'tallerTelefono',
  taller_registro_industrial: 'tallerRegistroIndustrial',
  taller_actividad: 'tallerActividad',
};

const CUSTOMER_COLUMNS: Record<keyof CustomerPatch, keyof CustomerEntity> = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  nif_cif: 'nifCif',
  domicilio_calle: 'domicilioCalle',
  domicilio_localidad: 'domicilioLocalidad',
  domicilio_provincia: 'domicilioProvincia',
  domicilio_cp: 'domicilioCp',
};

/**
 * Executes a turn's effects inside the turn's transaction and returns the Chatwoot deliveries
 * they need (added to the outbox by the caller, in the same transaction). Every write is
 * idempotent on its own too (ids come from the turn, inserts ignore existing rows), so a turn
 * that is re-run after a crash before commit does exactly the same.
 */
export class TurnEffects {
  private readonly deliveries: StreamEnvelope[] = [];
  private readonly staffEvents: LiveEvent[] = [];
  private noteCount = 0;

  public constructor(
    private readonly manager: EntityManager,
    private readonly context: TurnEffectContext,
  ) {}

  public get envelopes(): StreamEnvelope[] {
    return this.deliveries;
  }

  /** Live events for staff clients, staged in the same transaction (announced after commit). */
  public get liveEvents(): LiveEvent[] {
    return this.staffEvents;
  }

  public async apply(effects: readonly AgentEffect[]): Promise<void> {
    for (const effect of effects) await this.applyOne(effect);
  }

  private async applyOne(effect: AgentEffect): Promise<void> {
    switch (effect.kind) {
      case 'create_case':
        return this.createCase(effect);
      case 'update_case':
        return this.updateCase(effect.caseId, effect.patch);
      case 'save_element_data':
        return this.saveElementData(effect);
      case 'update_customer':
        return this.updateCustomer(effect.patch);
      case 'finalize_case': {
        const finalized = await this.manager
          .createQueryBuilder()
          .update(CaseEntity)
          .set({ status: 'pending_review', completedAt: this.context.now })
          .where('id = :id AND status IN (:...from)', {
            id: effect.caseId,
            from: ['collecting', 'pending_images'],
          })
          .execute();
        await this.mergeCaseMetadata(effect.caseId, {
          current_step: 'pending_review',
          completed_at: this.context.now.toISOString(),
        });
        if ((finalized.affected ?? 0) > 0) {
          this.staffEvents.push(
            liveEvent(
              LiveEventType.CASE_PENDING_REVIEW,
              { case_id: effect.caseId, conversation_id: this.context.conversationId },
              this.context.now,
            ),
          );
        }
        return;
      }
      case 'cancel_case':
        return this.cancelCase(effect.caseId, effect.reason);
      case 'escalate':
        return this.escalate(effect);
      case 'private_note':
        this.chatwoot('note', [{ kind: 'private_note', content: effect.content }]);
        return;
      case 'add_labels':
        this.chatwoot('labels', [{ kind: 'add_labels', labels: effect.labels }]);
        return;
      case 'reconcile_images':
        // The worker reconciles photos with Chatwoot before the turn runs; nothing to do here.
        return;
    }
  }

  private async createCase(effect: Extract<AgentEffect, { kind: 'create_case' }>): Promise<void> {
    const inserted = await this.manager
      .createQueryBuilder()
      .insert()
      .into(CaseEntity)
      .values({
        id: effect.caseId,
        conversationId: this.context.conversationId,
        userId: this.context.customerId,
        status: 'collecting',
        categoryId: effect.categoryId,
        elementCodes: effect.elementCodes,
        tariffTierId: effect.tierId,
        tariffAmount: effect.amount,
        metadata: {
          started_at: this.context.now.toISOString(),
          category_slug: effect.categorySlug,
          current_step: 'collect_element_data',
          last_step_at: this.context.now.toISOString(),
        },
      })
      .orIgnore()
      .execute();
    if ((inserted.identifiers ?? []).filter(Boolean).length === 0) {
      // Either this very case exists (re-run) or another active case holds the conversation:
      // the partial unique index refuses a second one, and the engine is told on its next turn.
      const exists = await this.manager.existsBy(CaseEntity, { id: effect.caseId });
      if (!exists) throw new Error('the conversation already has an active case');
    }
  }

  private async updateCase(caseId: string, patch: CasePatch): Promise<void> {
    const values: QueryDeepPartialEntity<CaseEntity> = {};
    for (const [key, column] of Object.entries(CASE_COLUMNS)) {
      const value = patch[key as keyof typeof CASE_COLUMNS];
      if (value !== undefined) Object.assign(values, { [column]: value });
    }
    if (Object.keys(values).length > 0) {
      await this.manager.update(CaseEntity, { id: caseId }, values);
    }
    if (patch.metadata) {
      await this.mergeCaseMetadata(caseId, {
        ...patch.metadata,
        last_step_at: this.context.now.toISOString(),
      });
    }
  }

  private async mergeCaseMetadata(caseId: string, values: JsonObject): Promise<void> {
    await this.manager.query(
      `UPDATE "cases" SET "metadata" = "metadata" || $2::jsonb, "updated_at" = now() WHERE "id" = $1`,
      [caseId, JSON.stringify(values)],
    );
  }

  private async saveElementData(
    effect: Extract<AgentEffect, { kind: 'save_element_data' }>,
  ): Promise<void> {
    const now = this.context.now;
    await this.manager.query(
      `INSERT INTO "case_element_data" ("case_id", "element_code", "status", "field_values",
         "photos_completed_at", "data_completed_at")
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT ("case_id", "element_code") DO UPDATE SET
         "status" = EXCLUDED."status",
         "field_values" = "case_element_data"."field_values" || EXCLUDED."field_values",
         "photos_completed_at" = COALESCE("case_element_data"."photos_completed_at", EXCLUDED."photos_completed_at"),
         "data_completed_at" = COALESCE("case_element_data"."data_completed_at", EXCLUDED."data_completed_at"),
         "updated_at" = now()`,
      [
        effect.caseId,
        effect.elementCode,
        effect.status,
        JSON.stringify(effect.fieldValues),
        effect.status === 'pending_photos' ? null : now,
        effect.status === 'completed' ? now : null,
      ],
    );
  }

  private async updateCustomer(patch: CustomerPatch): Promise<void> {
    const values: QueryDeepPartialEntity<CustomerEntity> = {};
    for (const [key, column] of Object.entries(CUSTOMER_COLUMNS)) {
      const value = patch[key as keyof CustomerPatch];
      if (value !== undefined) Object.assign(values, { [column]: value });
    }
    if (Object.keys(values).length === 0) return;
    await this.manager.update(CustomerEntity, { id: this.context.customerId }, values);
    this.chatwoot('contact', [{ kind: 'sync_contact', user_id: this.context.customerId }]);
  }

  private async cancelCase(caseId: string, reason: string): Promise<void> {
    const found = await this.manager.findOneBy(CaseEntity, { id: caseId });
    if (!found || !['collecting', 'pending_images', 'pending_review'].includes(found.status)) {
      return;
    }
    const notes = appendCaseNotes(found.notes, [
      caseNoteLine(
        this.context.now,
        this.context.timezone,
        'cliente (WhatsApp)',
        `Cancelado por el cliente: ${reason}`,
      ),
    ]);
    await this.manager.update(CaseEntity, { id: caseId }, { status: 'cancelled', notes });
    await this.mergeCaseMetadata(caseId, { current_step: 'cancelled' });
  }

  /**
   * Hand-over: one open escalation per conversation (a partial unique index), the bot switched
   * off in Chatwoot, the `escalado` label and a private note with the reason and transcript.
   */
  private async escalate(effect: Extract<AgentEffect, { kind: 'escalate' }>): Promise<void> {
    const inserted = (await this.manager
      .createQueryBuilder()
      .insert()
      .into(EscalationEntity)
      .values({
        conversationId: this.context.conversationId,
        userId: this.context.customerId,
        reason: effect.reason.slice(0, 2000),
        source: effect.source,
        status: 'pending',
        metadata: {
          user_phone: this.context.customerPhone,
          priority: effect.priority,
          is_technical_error: effect.source === 'error',
          chatwoot_message_id: this.context.turnId,
        },
      })
      .orIgnore()
      .returning(['id'])
      .execute()) as { raw: { id: string }[] };
    const escalationId = inserted.raw[0]?.id;
    if (!escalationId) return; // already with a human
    this.staffEvents.push(
      liveEvent(
        LiveEventType.ESCALATION_CREATED,
        {
          escalation_id: escalationId,
          conversation_id: this.context.conversationId,
          source: effect.source,
          priority: effect.priority,
        },
        this.context.now,
      ),
    );
    const transcript = effect.transcript.map((line) => `> ${line}`).join('\n');
    const steps: DeliveryStep[] = [
      { kind: 'set_attributes', attributes: { [BOT_ATTRIBUTE]: false } },
      { kind: 'add_labels', labels: [ConversationLabel.ESCALATED] },
      {
        kind: 'private_note',
        content:
          `ESCALACIÓN (${effect.source}, prioridad ${effect.priority}): ${effect.reason}\n` +
          (transcript ? `Últimos mensajes del cliente:\n${transcript}\n` : '') +
          `Escalación ${escalationId}.`,
      },
    ];
    if (this.context.teamId !== null) steps.push({ kind: 'assign_team', team_id: null });
    this.deliveries.push(
      deliveryEnvelope(
        `handover:${escalationId}`,
        this.context.conversationId,
        'agent_handover',
        steps,
      ),
    );
  }

  private chatwoot(what: string, steps: DeliveryStep[]): void {
    this.noteCount += 1;
    this.deliveries.push(
      deliveryEnvelope(
        `turn:${this.context.turnId}:${what}:${this.noteCount}`,
        this.context.conversationId,
        `agent_${what}`,
        steps,
      ),
    );
  }
}
