import { AGENT_STATE_VERSION, AGENT_STEPS, AgentStep } from '../contract';

/** A value collected for an element's required field; null = optional field skipped. */
export type StoredFieldValue = string | number | boolean | null;

export interface PendingVariantQuestion {
  baseCode: string;
  baseName: string;
  question: string;
  options: { code: string; name: string }[];
  multiSelectKeywords: string[];
}

export interface QuoteState {
  categorySlug: string;
  items: { code: string; quantity: number }[];
  tier: { id: string; code: string; name: string } | null;
  /** EUR without VAT; null = "consultar". */
  price: number | null;
  pendingQuestions: PendingVariantQuestion[];
  /** Example images go out once per quote; a changed quote resets this. */
  imagesSent: boolean;
}

export type CaseSection = 'personal' | 'vehicle' | 'workshop';
export type EditableStep =
  | 'collect_element_data'
  | 'collect_base_docs'
  | 'collect_personal'
  | 'collect_vehicle'
  | 'collect_workshop';

export interface CaseProgress {
  categorySlug: string;
  elementCodes: string[];
  elementIndex: number;
  phase: 'photos' | 'data';
  fieldValues: Record<string, Record<string, StoredFieldValue>>;
  /** Field keys asked last (the answer is read against them). */
  pendingFieldKeys: string[];
  baseDocsConfirmed: boolean;
  personal: Record<string, string>;
  vehicle: Record<string, string | number>;
  workshop: Record<string, string>;
  /** Keys the customer chose to skip (optional fields), per section. */
  skipped: string[];
  /** null until the customer chooses; false = MSI's partner workshop certificate. */
  tallerPropio: boolean | null;
  /** Stored customer data was shown and awaits "¿son correctos?". */
  reuseOffered: boolean;
  /** Set while editing from the summary: finishing the section returns to review. */
  editTarget: EditableStep | null;
  /**
   * A correction named a field without its new value: the next message is that value (a case
   * field key, or `element:CODE[:key]` for a reform's own data).
   */
  correcting: string | null;
}

export type AgentState = {
  v: number;
  step: AgentStep;
  caseId: string | null;
  imageTarget: { caseId: string; elementCode: string | null } | null;
  categorySlug: string | null;
  /** Text of a quote request held while the vehicle type is asked. */
  pendingQuoteText: string | null;
  greeted: boolean;
  quote: QuoteState | null;
  offerPending: boolean;
  misunderstandings: number;
  errors: number;
  loop: { key: string | null; count: number };
  progress: CaseProgress | null;
  /** "¿Seguro que quieres cancelar?" was asked. */
  cancelPending: boolean;
  handedOver: boolean;
  /** Photos confirmed to the customer per target (element code or `base`). */
  photosConfirmed: Record<string, number>;
  lastCaseId: string | null;
  /** Last customer lines, for the hand-over transcript. */
  memory: string[];
  /** Signatures of the last operations a language model picked (loop detection). */
  llmCalls: string[];
};

export const MEMORY_LINES = 8;
export const LLM_CALLS_KEPT = 8;

export const freshState = (): AgentState => ({
  v: AGENT_STATE_VERSION,
  step: 'idle',
  caseId: null,
  imageTarget: null,
  categorySlug: null,
  pendingQuoteText: null,
  greeted: false,
  quote: null,
  offerPending: false,
  misunderstandings: 0,
  errors: 0,
  loop: { key: null, count: 0 },
  progress: null,
  cancelPending: false,
  handedOver: false,
  photosConfirmed: {},
  lastCaseId: null,
  memory: [],
  llmCalls: [],
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const bool = (value: unknown): boolean => value === true;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const stringRecord = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  }
  return out;
};

const scalarRecord = (value: unknown): Record<string, string | number> => {
  const out: Record<string, string | number> = {};
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' || typeof item === 'number') out[key] = item;
    }
  }
  return out;
};

const numberRecord = (value: unknown): Record<string, number> => {
  const out: Record<string, number> = {};
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) if (typeof item === 'number') out[key] = item;
  }
  return out;
};

const fieldValues = (value: unknown): CaseProgress['fieldValues'] => {
  const out: CaseProgress['fieldValues'] = {};
  if (!isRecord(value)) return out;
  for (const [code, values] of Object.entries(value)) {
    if (!isRecord(values)) continue;
    const row: Record<string, StoredFieldValue> = {};
    for (const [key, item] of Object.entries(values)) {
      if (item === null || ['string', 'number', 'boolean'].includes(typeof item)) {
        row[key] = item as StoredFieldValue;
      }
    }
    out[code] = row;
  }
  return out;
};

const parseQuestion = (value: unknown): PendingVariantQuestion | null => {
  if (!isRecord(value)) return null;
  const baseCode = str(value.baseCode);
  if (!baseCode) return null;
  return {
    baseCode,
    baseName: str(value.baseName) ?? baseCode,
    question: str(value.question) ?? '',
    options: (Array.isArray(value.options) ? value.options : [])
      .filter(isRecord)
      .map((option) => ({ code: str(option.code) ?? '', name: str(option.name) ?? '' }))
      .filter((option) => option.code !== ''),
    multiSelectKeywords: strings(value.multiSelectKeywords),
  };
};

const parseQuote = (value: unknown): QuoteState | null => {
  if (!isRecord(value)) return null;
  const categorySlug = str(value.categorySlug);
  if (!categorySlug) return null;
  const tier = isRecord(value.tier) ? value.tier : null;
  return {
    categorySlug,
    items: (Array.isArray(value.items) ? value.items : [])
      .filter(isRecord)
      .map((item) => ({ code: str(item.code) ?? '', quantity: Math.max(1, num(item.quantity, 1)) }))
      .filter((item) => item.code !== ''),
    tier:
      tier && str(tier.id)
        ? { id: str(tier.id) ?? '', code: str(tier.code) ?? '', name: str(tier.name) ?? '' }
        : null,
    price: typeof value.price === 'number' ? value.price : null,
    pendingQuestions: (Array.isArray(value.pendingQuestions) ? value.pendingQuestions : [])
      .map(parseQuestion)
      .filter((q): q is PendingVariantQuestion => q !== null),
    imagesSent: bool(value.imagesSent),
  };
};

const EDITABLE: readonly string[] = [
  'collect_element_data',
  'collect_base_docs',
  'collect_personal',
  'collect_vehicle',
  'collect_workshop',
];

const parseProgress = (value: unknown): CaseProgress | null => {
  if (!isRecord(value)) return null;
  const elementCodes = strings(value.elementCodes);
  const edit = str(value.editTarget);
  return {
    categorySlug: str(value.categorySlug) ?? '',
    elementCodes,
    elementIndex: Math.min(Math.max(0, Math.floor(num(value.elementIndex))), elementCodes.length),
    phase: value.phase === 'data' ? 'data' : 'photos',
    fieldValues: fieldValues(value.fieldValues),
    pendingFieldKeys: strings(value.pendingFieldKeys),
    baseDocsConfirmed: bool(value.baseDocsConfirmed),
    personal: stringRecord(value.personal),
    vehicle: scalarRecord(value.vehicle),
    workshop: stringRecord(value.workshop),
    skipped: strings(value.skipped),
    tallerPropio: typeof value.tallerPropio === 'boolean' ? value.tallerPropio : null,
    reuseOffered: bool(value.reuseOffered),
    editTarget: edit && EDITABLE.includes(edit) ? (edit as EditableStep) : null,
    correcting: str(value.correcting),
  };
};

/** The steps of an open case: from the first element's photos to the summary. */
const CASE_STEPS: readonly AgentStep[] = AGENT_STEPS.slice(
  AGENT_STEPS.indexOf('collect_element_data'),
  AGENT_STEPS.indexOf('review_summary') + 1,
);

export const isCaseStep = (step: AgentStep): boolean => CASE_STEPS.includes(step);

/** After a case is finalised or cancelled: nothing of it, nor of its quote, stays pending. */
export const forgetCase = (state: AgentState): void => {
  state.caseId = null;
  state.progress = null;
  state.imageTarget = null;
  state.quote = null;
  state.offerPending = false;
};

/**
 * Reads a persisted state tolerantly: anything unreadable, or written by another state
 * version, starts a fresh conversation rather than failing the turn.
 */
export function parseAgentState(raw: unknown): AgentState {
  try {
    if (!isRecord(raw) || raw.v !== AGENT_STATE_VERSION) return freshState();
    const fresh = freshState();
    let step = (AGENT_STEPS as readonly unknown[]).includes(raw.step)
      ? (raw.step as AgentStep)
      : 'idle';
    // pending_review is only passed through within a turn.
    if (step === 'pending_review') step = 'idle';
    const caseId = str(raw.caseId);
    const progress = parseProgress(raw.progress);
    const quote = parseQuote(raw.quote);
    if (isCaseStep(step) && (!caseId || !progress)) step = 'idle';
    if ((step === 'quoting' || step === 'offer_made') && !quote) step = 'idle';
    const target = isRecord(raw.imageTarget) ? raw.imageTarget : null;
    const loop = isRecord(raw.loop) ? raw.loop : {};
    return {
      ...fresh,
      step,
      caseId: isCaseStep(step) ? caseId : null,
      imageTarget:
        target && str(target.caseId) && isCaseStep(step)
          ? { caseId: str(target.caseId) ?? '', elementCode: str(target.elementCode) }
          : null,
      categorySlug: str(raw.categorySlug),
      pendingQuoteText: str(raw.pendingQuoteText),
      greeted: bool(raw.greeted),
      quote,
      offerPending: bool(raw.offerPending),
      misunderstandings: Math.max(0, num(raw.misunderstandings)),
      errors: Math.max(0, num(raw.errors)),
      loop: { key: str(loop.key), count: Math.max(0, num(loop.count)) },
      progress: isCaseStep(step) ? progress : null,
      cancelPending: bool(raw.cancelPending),
      handedOver: bool(raw.handedOver),
      photosConfirmed: numberRecord(raw.photosConfirmed),
      lastCaseId: str(raw.lastCaseId),
      memory: strings(raw.memory).slice(-MEMORY_LINES),
      llmCalls: strings(raw.llmCalls).slice(-LLM_CALLS_KEPT),
    };
  } catch {
    return freshState();
  }
}

/** Deep copy through JSON: the state is plain data, and the input must never be mutated. */
export const cloneState = (state: AgentState): AgentState =>
  JSON.parse(JSON.stringify(state)) as AgentState;
