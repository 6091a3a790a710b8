import { ClientType, QuoteEngine } from '../catalogue';
import { AgentReply } from '../streams/chatwoot-contracts';

/**
 * The contract of the customer agent's conversation engine: one pure function decides a turn,
 * `(state, messages, catalogue, customer, case facts, settings, clock) → (state, reply, effects)`.
 * The worker loads the inputs, runs the turn and executes the effects in the same database
 * transaction that stores the new state (see the engine adapter in apps/worker).
 */

/** Steps of a conversation. `pending_review` is passed through on finalisation (back to idle). */
export const AGENT_STEPS = [
  'idle',
  'quoting',
  'offer_made',
  'collect_element_data',
  'collect_base_docs',
  'collect_personal',
  'collect_vehicle',
  'collect_workshop',
  'review_summary',
  'pending_review',
] as const;
export type AgentStep = (typeof AGENT_STEPS)[number];

/** Steps in which customer photos are expected (and where they are linked). */
export const IMAGE_STEPS: readonly AgentStep[] = ['collect_element_data', 'collect_base_docs'];

/** Bumped when the state's shape changes incompatibly; older rows are migrated by the engine. */
export const AGENT_STATE_VERSION = 1;

/**
 * The conversation's state, persisted as JSON (one row per conversation). The engine owns its
 * shape beyond these fields; the worker reads only `v`, `step`, `caseId` and `imageTarget`.
 */
export interface AgentStateCore {
  v: number;
  step: AgentStep;
  /** Active case this conversation is collecting, if any. */
  caseId: string | null;
  /** Where photos arriving now belong (null outside an image step). */
  imageTarget: { caseId: string; elementCode: string | null } | null;
}

/** What the worker tells the engine about one attachment of a customer message. */
export interface TurnAttachment {
  kind: 'image' | 'audio' | 'video' | 'file' | 'location' | 'other';
  /**
   * For images in an image step: `stored` (validated, saved and linked to the case),
   * `duplicate` (already stored from an earlier delivery), `refused` (not a valid image: too
   * big, not decodable, forbidden host…) with a short Spanish reason. `ignored` otherwise.
   */
  outcome: 'stored' | 'duplicate' | 'refused' | 'ignored';
  reason?: string | null;
}

export interface TurnMessage {
  chatwootMessageId: number;
  text: string;
  attachments: TurnAttachment[];
  /** ISO time Chatwoot created the message. */
  at: string;
}

/** The customer as stored (personal data reused in collect_personal). */
export interface TurnCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  nifCif: string | null;
  phone: string | null;
  domicilioCalle: string | null;
  domicilioLocalidad: string | null;
  domicilioProvincia: string | null;
  domicilioCp: string | null;
  clientType: ClientType;
}

/** What the database says about the conversation's active (or last) case right now. */
export interface TurnCase {
  id: string;
  status: string;
  /** Customer photos stored per element code; `null` key = base documentation. */
  imagesByElement: Readonly<Record<string, number>>;
  baseDocImages: number;
}

/** Categories the agent can quote, each with its engine (already built from the snapshot). */
export interface TurnCatalogue {
  categories: readonly {
    slug: string;
    name: string;
    clientType: ClientType;
    engine: QuoteEngine;
    /** Staff-edited prompt sections of the category (so staff edits reach customers). */
    promptSections: readonly { sectionType: string; content: string }[];
  }[];
}

export interface TurnSettings {
  /** Consecutive not-understood turns before handing over (3). */
  maxMisunderstandings: number;
  /** Same question repeated this many times without progress → hand over (3). */
  maxLoopRepeats: number;
  /** Public base URL for example images with relative URLs. */
  publicBaseUrl: string;
  timezone: string;
}

export interface AgentTurnInput {
  state: unknown;
  conversationId: string;
  messages: readonly TurnMessage[];
  customer: TurnCustomer;
  activeCase: TurnCase | null;
  /**
   * True while an escalation of this conversation is open (staff have it): the engine stays
   * silent. When it turns false again after a hand-over, the engine resumes normally.
   */
  handedOver: boolean;
  catalogue: TurnCatalogue;
  settings: TurnSettings;
  now: Date;
  /**
   * Deterministic id source for rows this turn creates (the worker derives ids from the turn's
   * message ids, so a re-run of the same turn creates the same ids: idempotent).
   */
  newId: (purpose: string) => string;
  /**
   * What an optional language model read in the turn's last text message, as one engine
   * operation. It replaces the rule-based reading of that message only when the two disagree;
   * the engine still checks every element code, variant, field value and step change and
   * ignores what does not fit (absent = the rule-based reading alone).
   */
  interpretation?: AgentInterpretation | null;
}

/** Operations a language model may pick for a customer message (the tools it is offered). */
export const AGENT_TOOL_NAMES = [
  'calculate_quote',
  'choose_variant',
  'open_case',
  'save_case_fields',
  'confirm_photos',
  'review_case',
  'cancel_case',
  'hand_over',
  'case_status',
  'send_example_images',
  'element_documentation',
] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/** One operation with its (already shape-checked) arguments. */
export type AgentInterpretation =
  | { operation: 'calculate_quote'; categorySlug: string | null; elementCodes: string[] }
  | { operation: 'choose_variant'; elementCodes: string[] }
  | { operation: 'open_case' }
  | { operation: 'save_case_fields'; fields: Record<string, string> }
  | { operation: 'confirm_photos' }
  | {
      operation: 'review_case';
      confirm: boolean;
      section: 'personal' | 'vehicle' | 'workshop' | 'documentation' | 'elements' | null;
    }
  | { operation: 'cancel_case' }
  | { operation: 'hand_over'; reason: string | null }
  | { operation: 'case_status' }
  | { operation: 'send_example_images' }
  | { operation: 'element_documentation' };

/** Side effects the worker executes in the turn's transaction, in order. */
export type AgentEffect =
  | {
      kind: 'create_case';
      caseId: string;
      categoryId: string;
      categorySlug: string;
      elementCodes: string[];
      tierId: string | null;
      amount: number | null;
    }
  | { kind: 'update_case'; caseId: string; patch: CasePatch }
  | {
      kind: 'save_element_data';
      caseId: string;
      elementCode: string;
      status: 'pending_photos' | 'pending_data' | 'completed';
      /** Merged into the stored values (only validated values). */
      fieldValues: Record<string, string | number | boolean>;
    }
  | { kind: 'update_customer'; patch: CustomerPatch }
  | { kind: 'finalize_case'; caseId: string }
  | { kind: 'cancel_case'; caseId: string; reason: string }
  | {
      kind: 'escalate';
      reason: string;
      source: 'tool_call' | 'auto_escalation' | 'error';
      priority: 'normal' | 'high';
      /** Short transcript for the private note. */
      transcript: string[];
    }
  | { kind: 'private_note'; content: string }
  | { kind: 'add_labels'; labels: string[] }
  /** Reconcile photos with Chatwoot's message list before the step moves on ("listo"). */
  | { kind: 'reconcile_images'; caseId: string };

export interface CasePatch {
  vehiculo_marca?: string;
  vehiculo_modelo?: string;
  vehiculo_anio?: number;
  vehiculo_matricula?: string;
  vehiculo_bastidor?: string | null;
  itv_nombre?: string;
  taller_propio?: boolean;
  taller_nombre?: string | null;
  taller_responsable?: string | null;
  taller_domicilio?: string | null;
  taller_provincia?: string | null;
  taller_ciudad?: string | null;
  taller_telefono?: string | null;
  taller_registro_industrial?: string | null;
  taller_actividad?: string | null;
  /** Merged into `cases.metadata` (current step, timestamps). */
  metadata?: Record<string, string | number | boolean | null>;
}

export interface CustomerPatch {
  first_name?: string;
  last_name?: string;
  email?: string;
  nif_cif?: string;
  domicilio_calle?: string;
  domicilio_localidad?: string;
  domicilio_provincia?: string;
  domicilio_cp?: string;
}

/** What the engine did in a turn, named like operations (for logs and tool-call logs). */
export interface AgentOperation {
  name: string;
  params: Record<string, unknown>;
  outcome: 'success' | 'error' | 'blocked';
  detail?: string;
}

export interface AgentTurnOutput {
  state: AgentStateCore & Record<string, unknown>;
  /** null only when the conversation is handed over to staff and already told so. */
  reply: AgentReply | null;
  effects: AgentEffect[];
  /** False when no message of the turn was understood (counts towards hand-over). */
  understood: boolean;
  operations: AgentOperation[];
}
