import { ClientType, QuoteEngine } from '../../../catalogue';
import {
  AgentEffect,
  AgentTurnOutput,
  TurnAttachment,
  TurnCase,
  TurnCatalogue,
  TurnCustomer,
  TurnSettings,
} from '../../contract';
import { decideTurn } from '../decide-turn';
import { AgentState } from '../state';

export const SETTINGS: TurnSettings = {
  maxMisunderstandings: 3,
  maxLoopRepeats: 3,
  publicBaseUrl: 'https://api.example.com',
  timezone: 'Europe/Madrid',
};

export const NOW = new Date('2025-03-10T10:00:00Z');

export const blankCustomer = (clientType: ClientType): TurnCustomer => ({
  id: 'customer-1',
  firstName: null,
  lastName: null,
  email: null,
  nifCif: null,
  phone: '+34600000000',
  domicilioCalle: null,
  domicilioLocalidad: null,
  domicilioProvincia: null,
  domicilioCp: null,
  clientType,
});

export const catalogueOf = (
  categories: {
    engine: QuoteEngine;
    promptSections?: { sectionType: string; content: string }[];
    clientType?: ClientType;
  }[],
): TurnCatalogue => ({
  categories: categories.map(({ engine, promptSections, clientType }) => ({
    slug: engine.snapshot.category.slug,
    name: engine.snapshot.category.name,
    clientType: clientType ?? engine.snapshot.category.clientType,
    engine,
    promptSections: promptSections ?? [],
  })),
});

/**
 * A conversation driven turn by turn, doing what the worker does around the engine: it stores
 * photos against the state's image target before the turn, and applies the turn's effects to
 * a fake case row and customer afterwards.
 */
export class Conversation {
  public state: unknown = null;
  public caseRow: TurnCase | null = null;
  public handedOver = false;
  public readonly effects: AgentEffect[] = [];
  public last: AgentTurnOutput | null = null;
  private ids = 0;
  private messageId = 0;

  public constructor(
    public readonly catalogue: TurnCatalogue,
    public customer: TurnCustomer,
  ) {}

  public get agentState(): AgentState {
    return this.state as AgentState;
  }

  public get step(): string {
    return this.agentState.step;
  }

  public get text(): string {
    const reply = this.last?.reply;
    return reply ? `${reply.text}\n${reply.follow_up ?? ''}` : '';
  }

  /** One turn with several texts (a burst). */
  public send(...texts: string[]): AgentTurnOutput {
    return this.turn(texts.map((text) => ({ text, attachments: [] })));
  }

  /** A message with `count` photos stored by the worker (and optional refused ones). */
  public photos(count: number, text = '', refused: string[] = []): AgentTurnOutput {
    const attachments: TurnAttachment[] = [];
    const target = (this.state as AgentState | null)?.imageTarget ?? null;
    for (let i = 0; i < count; i += 1) {
      if (target && this.caseRow) {
        if (target.elementCode === null) this.caseRow.baseDocImages += 1;
        else {
          const byElement = { ...this.caseRow.imagesByElement };
          byElement[target.elementCode] = (byElement[target.elementCode] ?? 0) + 1;
          this.caseRow.imagesByElement = byElement;
        }
        attachments.push({ kind: 'image', outcome: 'stored' });
      } else attachments.push({ kind: 'image', outcome: 'ignored' });
    }
    for (const reason of refused) attachments.push({ kind: 'image', outcome: 'refused', reason });
    return this.turn([{ text, attachments }]);
  }

  public turn(messages: { text: string; attachments: TurnAttachment[] }[]): AgentTurnOutput {
    const output = decideTurn({
      state: this.state,
      conversationId: 'conv-1',
      messages: messages.map((message) => ({
        chatwootMessageId: (this.messageId += 1),
        text: message.text,
        attachments: message.attachments,
        at: NOW.toISOString(),
      })),
      customer: this.customer,
      activeCase: this.caseRow,
      handedOver: this.handedOver,
      catalogue: this.catalogue,
      settings: SETTINGS,
      now: NOW,
      newId: (purpose) => `${purpose}-${(this.ids += 1)}`,
    });
    this.state = JSON.parse(JSON.stringify(output.state)) as unknown;
    this.last = output;
    this.apply(output.effects);
    return output;
  }

  private apply(effects: readonly AgentEffect[]): void {
    for (const effect of effects) {
      this.effects.push(effect);
      switch (effect.kind) {
        case 'create_case':
          this.caseRow = {
            id: effect.caseId,
            status: 'collecting',
            imagesByElement: {},
            baseDocImages: 0,
          };
          break;
        case 'finalize_case':
          if (this.caseRow) this.caseRow = { ...this.caseRow, status: 'pending_review' };
          break;
        case 'cancel_case':
          if (this.caseRow) this.caseRow = { ...this.caseRow, status: 'cancelled' };
          break;
        case 'escalate':
          this.handedOver = true;
          break;
        case 'update_customer': {
          const p = effect.patch;
          this.customer = {
            ...this.customer,
            firstName: p.first_name ?? this.customer.firstName,
            lastName: p.last_name ?? this.customer.lastName,
            email: p.email ?? this.customer.email,
            nifCif: p.nif_cif ?? this.customer.nifCif,
            domicilioCalle: p.domicilio_calle ?? this.customer.domicilioCalle,
            domicilioLocalidad: p.domicilio_localidad ?? this.customer.domicilioLocalidad,
            domicilioProvincia: p.domicilio_provincia ?? this.customer.domicilioProvincia,
            domicilioCp: p.domicilio_cp ?? this.customer.domicilioCp,
          };
          break;
        }
        default:
          break;
      }
    }
  }

  /** Effects of the last turn of one kind. */
  public lastEffects<K extends AgentEffect['kind']>(kind: K): Extract<AgentEffect, { kind: K }>[] {
    return (this.last?.effects ?? []).filter(
      (effect): effect is Extract<AgentEffect, { kind: K }> => effect.kind === kind,
    );
  }
}
