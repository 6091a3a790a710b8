/**
 * The operations a language model may pick for a customer message, offered as OpenAI-style
 * function tools (only those that make sense in the conversation's step), and the strict
 * conversion of its tool call into an engine interpretation.
 */
import {
  AgentInterpretation,
  AgentStep,
  AgentToolName,
  AGENT_TOOL_NAMES,
  AgentOperation,
} from '../contract';
import { toolOfOperation } from '../engine/interpretation';

export interface ToolDefinition {
  type: 'function';
  function: { name: AgentToolName; description: string; parameters: Record<string, unknown> };
}

const CODE_LIST = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 60 },
  minItems: 1,
  maxItems: 20,
};
const SECTIONS = ['personal', 'vehicle', 'workshop', 'documentation', 'elements'] as const;
const NO_ARGS = { type: 'object', properties: {}, additionalProperties: false };

const DEFINITIONS: Record<AgentToolName, ToolDefinition['function']> = {
  calculate_quote: {
    name: 'calculate_quote',
    description:
      'El cliente pide precio o quiere homologar reformas: códigos de elemento del catálogo (el sistema calcula el precio).',
    parameters: {
      type: 'object',
      properties: {
        category_slug: { type: 'string', maxLength: 60 },
        element_codes: CODE_LIST,
      },
      required: ['element_codes'],
      additionalProperties: false,
    },
  },
  choose_variant: {
    name: 'choose_variant',
    description: 'El cliente responde a la pregunta de variante abierta: códigos de las opciones.',
    parameters: {
      type: 'object',
      properties: { element_codes: CODE_LIST },
      required: ['element_codes'],
      additionalProperties: false,
    },
  },
  open_case: {
    name: 'open_case',
    description: 'El cliente acepta el presupuesto y quiere abrir el expediente.',
    parameters: NO_ARGS,
  },
  save_case_fields: {
    name: 'save_case_fields',
    description:
      'El cliente da datos del expediente (personales, vehículo o taller): clave del campo → valor tal cual lo escribió.',
    parameters: {
      type: 'object',
      properties: {
        fields: {
          type: 'object',
          additionalProperties: { type: 'string', maxLength: 300 },
          maxProperties: 20,
        },
      },
      required: ['fields'],
      additionalProperties: false,
    },
  },
  confirm_photos: {
    name: 'confirm_photos',
    description: 'El cliente dice que ya ha enviado todas las fotos pedidas.',
    parameters: NO_ARGS,
  },
  review_case: {
    name: 'review_case',
    description:
      'Respuesta al resumen final: confirm=true si todo es correcto; si no, la sección a cambiar.',
    parameters: {
      type: 'object',
      properties: {
        confirm: { type: 'boolean' },
        section: { type: 'string', enum: [...SECTIONS] },
      },
      required: ['confirm'],
      additionalProperties: false,
    },
  },
  cancel_case: {
    name: 'cancel_case',
    description: 'El cliente quiere cancelar el expediente o el presupuesto en curso.',
    parameters: NO_ARGS,
  },
  hand_over: {
    name: 'hand_over',
    description: 'El cliente pide hablar con una persona del equipo.',
    parameters: {
      type: 'object',
      properties: { reason: { type: 'string', maxLength: 300 } },
      additionalProperties: false,
    },
  },
  case_status: {
    name: 'case_status',
    description: 'El cliente pregunta cómo va su expediente.',
    parameters: NO_ARGS,
  },
  send_example_images: {
    name: 'send_example_images',
    description: 'El cliente pide ver otra vez las fotos de ejemplo del presupuesto.',
    parameters: NO_ARGS,
  },
  element_documentation: {
    name: 'element_documentation',
    description: 'El cliente pregunta qué documentación o fotos hacen falta.',
    parameters: NO_ARGS,
  },
};

const ALWAYS: readonly AgentToolName[] = ['hand_over', 'case_status', 'element_documentation'];
const BY_STEP: Record<AgentStep, readonly AgentToolName[]> = {
  idle: ['calculate_quote', 'open_case', 'cancel_case'],
  quoting: ['calculate_quote', 'choose_variant', 'cancel_case'],
  offer_made: ['calculate_quote', 'open_case', 'send_example_images', 'cancel_case'],
  collect_element_data: ['confirm_photos', 'cancel_case'],
  collect_base_docs: ['confirm_photos', 'cancel_case'],
  collect_personal: ['save_case_fields', 'cancel_case'],
  collect_vehicle: ['save_case_fields', 'cancel_case'],
  collect_workshop: ['save_case_fields', 'cancel_case'],
  review_summary: ['review_case', 'save_case_fields', 'cancel_case'],
  pending_review: [],
};

/** Tool names allowed in a step. */
export const toolNamesForStep = (step: AgentStep): AgentToolName[] => [
  ...(BY_STEP[step] ?? []),
  ...ALWAYS,
];

/** The tools offered in a step, in the OpenAI `tools` format. */
export const toolsForStep = (step: AgentStep): ToolDefinition[] =>
  toolNamesForStep(step).map((name) => ({ type: 'function', function: DEFINITIONS[name] }));

export type ToolCallReading =
  { ok: true; interpretation: AgentInterpretation } | { ok: false; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const codeList = (value: unknown): string[] | null => {
  if (!Array.isArray(value) || value.length === 0 || value.length > 20) return null;
  const codes = value.filter(
    (code): code is string => typeof code === 'string' && code.trim() !== '' && code.length <= 60,
  );
  return codes.length === value.length ? [...new Set(codes.map((code) => code.trim()))] : null;
};

const onlyKeys = (args: Record<string, unknown>, allowed: readonly string[]): boolean =>
  Object.keys(args).every((key) => allowed.includes(key));

/**
 * A tool call (name + JSON arguments as sent by the model) → interpretation, or the reason it
 * is refused: unknown or not offered tool, arguments that are not JSON or break the schema.
 */
export const readToolCall = (
  name: string,
  rawArguments: string,
  offered: readonly AgentToolName[],
): ToolCallReading => {
  if (!(AGENT_TOOL_NAMES as readonly string[]).includes(name)) {
    return { ok: false, error: `unknown tool ${name.slice(0, 60)}` };
  }
  const tool = name as AgentToolName;
  if (!offered.includes(tool)) return { ok: false, error: `tool ${tool} not offered in this step` };
  let args: unknown;
  try {
    args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch {
    return { ok: false, error: `arguments of ${tool} are not JSON` };
  }
  if (!isRecord(args)) return { ok: false, error: `arguments of ${tool} are not an object` };
  const bad = (detail: string): ToolCallReading => ({
    ok: false,
    error: `invalid arguments for ${tool}: ${detail}`,
  });
  switch (tool) {
    case 'calculate_quote': {
      if (!onlyKeys(args, ['category_slug', 'element_codes'])) return bad('unexpected field');
      const codes = codeList(args.element_codes);
      if (!codes) return bad('element_codes');
      const slug = args.category_slug;
      if (slug !== undefined && slug !== null && (typeof slug !== 'string' || slug.length > 60)) {
        return bad('category_slug');
      }
      return {
        ok: true,
        interpretation: {
          operation: tool,
          categorySlug: typeof slug === 'string' && slug ? slug : null,
          elementCodes: codes,
        },
      };
    }
    case 'choose_variant': {
      if (!onlyKeys(args, ['element_codes'])) return bad('unexpected field');
      const codes = codeList(args.element_codes);
      return codes
        ? { ok: true, interpretation: { operation: tool, elementCodes: codes } }
        : bad('element_codes');
    }
    case 'save_case_fields': {
      if (!onlyKeys(args, ['fields']) || !isRecord(args.fields)) return bad('fields');
      const entries = Object.entries(args.fields);
      if (entries.length > 20) return bad('too many fields');
      const fields: Record<string, string> = {};
      for (const [key, value] of entries) {
        if (typeof value === 'number') fields[key] = String(value);
        else if (typeof value === 'string' && value.length <= 300) fields[key] = value;
        else return bad(`field ${key.slice(0, 40)}`);
      }
      return { ok: true, interpretation: { operation: tool, fields } };
    }
    case 'review_case': {
      if (!onlyKeys(args, ['confirm', 'section']) || typeof args.confirm !== 'boolean') {
        return bad('confirm');
      }
      const section = args.section ?? null;
      if (section !== null && !(SECTIONS as readonly unknown[]).includes(section)) {
        return bad('section');
      }
      return {
        ok: true,
        interpretation: {
          operation: tool,
          confirm: args.confirm,
          section: section as (typeof SECTIONS)[number] | null,
        },
      };
    }
    case 'hand_over': {
      if (!onlyKeys(args, ['reason'])) return bad('unexpected field');
      const reason = typeof args.reason === 'string' ? args.reason.slice(0, 300) : null;
      return { ok: true, interpretation: { operation: tool, reason } };
    }
    case 'open_case':
    case 'confirm_photos':
    case 'cancel_case':
    case 'case_status':
    case 'send_example_images':
    case 'element_documentation':
      return { ok: true, interpretation: { operation: tool } };
  }
};

/** Arguments in the tool's wire format for an interpretation (hints, logs). */
export const toolArguments = (interpretation: AgentInterpretation): Record<string, unknown> => {
  switch (interpretation.operation) {
    case 'calculate_quote':
      return interpretation.categorySlug
        ? { category_slug: interpretation.categorySlug, element_codes: interpretation.elementCodes }
        : { element_codes: interpretation.elementCodes };
    case 'choose_variant':
      return { element_codes: interpretation.elementCodes };
    case 'save_case_fields':
      return { fields: interpretation.fields };
    case 'review_case':
      return interpretation.section
        ? { confirm: interpretation.confirm, section: interpretation.section }
        : { confirm: interpretation.confirm };
    case 'hand_over':
      return interpretation.reason ? { reason: interpretation.reason } : {};
    default:
      return {};
  }
};

/**
 * What the rule-based reading of the turn amounts to as a tool call (given to the model as a
 * hint, and logged): the first operation of the turn that maps to an offered tool.
 */
export const ruleBasedToolCall = (
  operations: readonly AgentOperation[],
  offered: readonly AgentToolName[],
): { name: AgentToolName; arguments: Record<string, unknown> } | null => {
  for (const operation of operations) {
    const name = toolOfOperation(operation);
    if (!name || !offered.includes(name) || operation.outcome === 'error') continue;
    const params = operation.params;
    const codes = (key: string): string[] =>
      Array.isArray(params[key]) ? (params[key] as unknown[]).map(String) : [];
    switch (name) {
      case 'calculate_quote': {
        const list = codes('codes');
        if (list.length === 0) continue;
        const category = typeof params.category === 'string' ? params.category : undefined;
        return {
          name,
          arguments: category
            ? { category_slug: category, element_codes: list }
            : { element_codes: list },
        };
      }
      case 'choose_variant': {
        const list = codes('codes');
        if (list.length === 0) continue;
        return { name, arguments: { element_codes: list } };
      }
      case 'save_case_fields':
        return { name, arguments: { fields: {} } };
      case 'review_case':
        return { name, arguments: { confirm: operation.name === 'finalize_case' } };
      default:
        return { name, arguments: {} };
    }
  }
  return null;
};
