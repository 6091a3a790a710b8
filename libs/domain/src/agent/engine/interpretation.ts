/**
 * A language model's reading of a message, applied through the engine's own paths: the
 * operation is rewritten as the canonical customer sentence the engine already understands
 * ("sí, abre el expediente", "listo", "matrícula: 1234BCD"…), after its element codes,
 * variants and field names were checked against the catalogue and the state. Whatever does
 * not fit is dropped, and the rule-based reading of the message stands.
 */
import { AgentInterpretation, AgentOperation, AgentToolName, IMAGE_STEPS } from '../contract';
import { categoryBySlug, offeredCategories } from './catalogue';
import { TurnContext } from './context';
import { fieldDef, isCaseFieldKey } from './nlu';
import { LLM_CALLS_KEPT } from './state';

/** Stable text of an interpretation (same operation + same arguments = same signature). */
export const interpretationSignature = (interpretation: AgentInterpretation): string => {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return JSON.stringify(sorted(interpretation));
};

/** Records the model's pick in the state (the worker refuses a pick repeated too often). */
export const rememberInterpretation = (
  llmCalls: string[],
  interpretation: AgentInterpretation,
): void => {
  llmCalls.push(interpretationSignature(interpretation));
  if (llmCalls.length > LLM_CALLS_KEPT) llmCalls.splice(0, llmCalls.length - LLM_CALLS_KEPT);
};

/** The tool name an engine operation corresponds to (null: none of the offered tools). */
export const toolOfOperation = (operation: AgentOperation): AgentToolName | null => {
  switch (operation.name) {
    case 'calculate_quote':
    case 'identify_elements':
      return 'calculate_quote';
    case 'select_variant':
      return 'choose_variant';
    case 'open_case':
      return 'open_case';
    case 'save_personal_data':
    case 'correct_field':
    case 'choose_workshop':
    case 'correct_element_field':
      return 'save_case_fields';
    case 'confirm_photos':
    case 'confirm_base_docs':
      return 'confirm_photos';
    case 'finalize_case':
    case 'edit_section':
      return 'review_case';
    case 'cancel_case':
      return 'cancel_case';
    case 'escalate':
      return 'hand_over';
    case 'answer_question': {
      const topics = Array.isArray(operation.params.topics) ? operation.params.topics : [];
      if (topics.includes('status')) return 'case_status';
      if (topics.includes('documents')) return 'element_documentation';
      return null;
    }
    default:
      return null;
  }
};

/** Tools the turn's operations amount to (what a reply may rely on), in order, once each. */
export const toolsOfOperations = (
  operations: readonly AgentOperation[],
  sentImages = false,
): AgentToolName[] => {
  const tools = new Set<AgentToolName>();
  for (const operation of operations) {
    const tool = toolOfOperation(operation);
    if (tool) tools.add(tool);
  }
  if (sentImages) tools.add('send_example_images');
  return [...tools];
};

/** True when the rule-based turn already did what the model picked. */
export const interpretationAgrees = (
  interpretation: AgentInterpretation,
  operations: readonly AgentOperation[],
): boolean =>
  operations.some(
    (operation) =>
      operation.outcome !== 'error' && toolOfOperation(operation) === interpretation.operation,
  );

const SECTION_WORDS = {
  personal: 'mis datos personales',
  vehicle: 'los datos del vehículo',
  workshop: 'los datos del taller',
  documentation: 'la documentación',
  elements: 'los elementos',
} as const;

const quoteComplete = (ctx: TurnContext): boolean =>
  ctx.state.quote !== null &&
  ctx.state.quote.items.length > 0 &&
  ctx.state.quote.pendingQuestions.length === 0;

/**
 * The sentence the engine reads in place of the message, or null when the interpretation
 * does not fit the step, the catalogue or the state (the message is then read as written).
 * `send_example_images` is not a sentence: see `wantsExampleImages`.
 */
export const rewriteForInterpretation = (
  ctx: TurnContext,
  interpretation: AgentInterpretation,
): string | null => {
  const state = ctx.state;
  const step = state.step;
  const quoteStep = step === 'idle' || step === 'quoting' || step === 'offer_made';
  switch (interpretation.operation) {
    case 'calculate_quote': {
      if (!quoteStep) return null;
      const offered = offeredCategories(ctx.input);
      const category =
        categoryBySlug(ctx.input, state.quote?.categorySlug) ??
        (interpretation.categorySlug
          ? (offered.find((c) => c.slug === interpretation.categorySlug) ?? null)
          : null) ??
        categoryBySlug(ctx.input, state.categorySlug) ??
        (offered.length === 1 ? (offered[0] ?? null) : null);
      if (!category) return null;
      const names = interpretation.elementCodes
        .map((code) => category.engine.index.byCode.get(code))
        .filter((element) => element !== undefined)
        .map((element) => element.name.split(' / ')[0] ?? element.name);
      if (names.length === 0) return null;
      if (!state.quote) state.categorySlug = category.slug;
      return `Quiero homologar ${names.join(' y ')}`;
    }
    case 'choose_variant': {
      const pending = state.quote?.pendingQuestions ?? [];
      const options = pending.flatMap((question) => question.options);
      const names = interpretation.elementCodes
        .map((code) => options.find((option) => option.code === code)?.name)
        .filter((name): name is string => Boolean(name));
      return names.length > 0 ? [...new Set(names)].join(' y ') : null;
    }
    case 'open_case':
      return (step === 'offer_made' || step === 'idle') && quoteComplete(ctx)
        ? 'Sí, abre el expediente'
        : null;
    case 'save_case_fields': {
      const lines = Object.entries(interpretation.fields)
        .filter(([key, value]) => isCaseFieldKey(key) && value.trim() !== '')
        .map(
          ([key, value]) => `${isCaseFieldKey(key) ? fieldDef(key).label : key}: ${value.trim()}`,
        );
      const dataStep =
        step === 'collect_personal' ||
        step === 'collect_vehicle' ||
        step === 'collect_workshop' ||
        step === 'review_summary';
      return dataStep && lines.length > 0 ? lines.join('\n') : null;
    }
    case 'confirm_photos':
      return IMAGE_STEPS.includes(step) ? 'listo' : null;
    case 'review_case':
      if (step !== 'review_summary') return null;
      if (interpretation.confirm) return 'Sí, todo correcto';
      return interpretation.section
        ? `Quiero cambiar ${SECTION_WORDS[interpretation.section]}`
        : null;
    case 'cancel_case':
      if (state.cancelPending) return 'Sí, cancélalo';
      return state.caseId || state.quote ? 'Quiero cancelar' : null;
    case 'hand_over':
      return 'Quiero hablar con una persona';
    case 'case_status':
      return '¿Cómo va mi expediente?';
    case 'element_documentation':
      return '¿Qué documentación necesito?';
    case 'send_example_images':
      return null;
  }
};

/** "Send me the example photos again" after a complete quote: only then it is honoured. */
export const wantsExampleImages = (
  ctx: TurnContext,
  interpretation: AgentInterpretation | null | undefined,
): boolean =>
  interpretation?.operation === 'send_example_images' &&
  ctx.state.step === 'offer_made' &&
  quoteComplete(ctx);
