import { ClassificationRules, TriggerConditions } from './snapshot';

/**
 * Converters between the JSONB columns (snake_case, as stored and as the admin API exchanges
 * them) and the engine's camelCase types. Defensive: admin-entered JSON may be partial.
 */
const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const parseOutsideTierLimits = (value: unknown): { tierCode: string; maxElements: number }[] =>
  (Array.isArray(value) ? value : []).flatMap((item: unknown) => {
    const record = asRecord(item);
    return record && typeof record.tier_code === 'string' && typeof record.max_elements === 'number'
      ? [{ tierCode: record.tier_code, maxElements: record.max_elements }]
      : [];
  });

export const parseClassificationRules = (value: unknown): ClassificationRules | null => {
  const record = asRecord(value);
  if (!record) return null;
  return {
    appliesIfAny: asStrings(record.applies_if_any),
    priority: typeof record.priority === 'number' ? record.priority : 999,
    requiresProject: record.requires_project === true,
    notes: typeof record.notes === 'string' ? record.notes : null,
    outsideTierLimits: parseOutsideTierLimits(record.outside_tier_limits),
  };
};

export const parseTriggerConditions = (value: unknown): TriggerConditions | null => {
  const record = asRecord(value);
  if (!record) return null;
  return {
    elementKeywords: asStrings(record.element_keywords),
    showWithElements: asStrings(record.show_with_elements),
    alwaysShow: record.always_show === true,
  };
};

/** numeric(10,2) arrives from pg as a string. */
export const parseMoney = (value: unknown): number => {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? Math.round(number * 100) / 100 : 0;
};
