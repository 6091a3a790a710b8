import { SnapshotRequiredField } from './snapshot';
import { foldText } from './text';

export type FieldValue = string | number | boolean | null;
export type FieldValues = Readonly<Record<string, FieldValue | undefined>>;

export type FieldValidation = { ok: true; value: FieldValue } | { ok: false; error: string };

export type CollectionMode = 'sequential' | 'batch' | 'hybrid';

const UNITS = /\s*(mm|cm|m|kg|g|cc|cv|hp|kw|€|eur|euros?)\.?\s*$/i;
const TRUE_WORDS = new Set(['true', 'si', 's', '1', 'yes', 'verdadero', 'vale', 'claro']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'falso']);

const isEmpty = (value: FieldValue | undefined): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** Boolean parsing shared by validation and conditions ("sí", "no", "1", "0", true). */
export const parseSpanishBoolean = (value: FieldValue | undefined): boolean | null => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const folded = foldText(value);
  if (TRUE_WORDS.has(folded)) return true;
  if (FALSE_WORDS.has(folded)) return false;
  return null;
};

const asComparable = (value: FieldValue | undefined): string => {
  if (value === null || value === undefined) return '';
  const bool = parseSpanishBoolean(value);
  if (typeof value !== 'string' || bool !== null) {
    if (bool !== null) return String(bool);
  }
  return foldText(String(value));
};

/**
 * Visibility of a required field: a field with a condition is shown only when the referenced
 * field's value `equals` / `not_equals` (case- and accent-insensitive; booleans compared as
 * true/false) the condition value, or `exists` / `not_exists`. A dangling condition shows the
 * field.
 */
export const isFieldVisible = (
  field: SnapshotRequiredField,
  fields: readonly SnapshotRequiredField[],
  values: FieldValues,
): boolean => {
  if (!field.conditionFieldId || !field.conditionOperator) return true;
  const source = fields.find((candidate) => candidate.id === field.conditionFieldId);
  if (!source) return true;
  const value = values[source.fieldKey];
  switch (field.conditionOperator) {
    case 'exists':
      return !isEmpty(value);
    case 'not_exists':
      return isEmpty(value);
    case 'equals':
      return !isEmpty(value) && asComparable(value) === asComparable(field.conditionValue);
    case 'not_equals':
      return isEmpty(value) || asComparable(value) !== asComparable(field.conditionValue);
    default:
      return true;
  }
};

/** Active fields, in order, that are visible given the values collected so far. */
export const visibleFields = (
  fields: readonly SnapshotRequiredField[],
  values: FieldValues,
): SnapshotRequiredField[] =>
  fields
    .filter((field) => field.isActive)
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .filter((field, _i, active) => isFieldVisible(field, active, values));

const bound = (
  rules: SnapshotRequiredField['validationRules'],
  kind: 'min' | 'max',
): number | null => {
  const value =
    kind === 'min' ? (rules?.min ?? rules?.min_value) : (rules?.max ?? rules?.max_value);
  return typeof value === 'number' ? value : null;
};

/** Validation of one collected value; errors are Spanish sentences for the customer. */
export const validateFieldValue = (
  field: SnapshotRequiredField,
  raw: FieldValue | undefined,
): FieldValidation => {
  if (isEmpty(raw)) {
    return field.isRequired
      ? { ok: false, error: `El campo "${field.fieldLabel}" es obligatorio.` }
      : { ok: true, value: null };
  }
  const rules = field.validationRules;
  switch (field.fieldType) {
    case 'number': {
      const text = String(raw).trim().replace(UNITS, '').replace(/\s/g, '').replace(',', '.');
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) {
        return {
          ok: false,
          error: `"${field.fieldLabel}" debe ser un número (por ejemplo ${field.exampleValue ?? '120'}).`,
        };
      }
      const min = bound(rules, 'min');
      const max = bound(rules, 'max');
      if (min !== null && value < min)
        return { ok: false, error: `"${field.fieldLabel}" debe ser como mínimo ${min}.` };
      if (max !== null && value > max)
        return { ok: false, error: `"${field.fieldLabel}" debe ser como máximo ${max}.` };
      return { ok: true, value };
    }
    case 'boolean': {
      const value = parseSpanishBoolean(raw);
      return value === null
        ? { ok: false, error: `Responda "sí" o "no" a "${field.fieldLabel}".` }
        : { ok: true, value };
    }
    case 'select': {
      const wanted = foldText(String(raw));
      const option = (field.options ?? []).find((candidate) => foldText(candidate) === wanted);
      return option
        ? { ok: true, value: option }
        : {
            ok: false,
            error: `"${field.fieldLabel}" debe ser una de estas opciones: ${(field.options ?? []).join(', ')}.`,
          };
    }
    default: {
      const value = String(raw).trim();
      if (rules?.min_length !== undefined && value.length < rules.min_length) {
        return {
          ok: false,
          error: `"${field.fieldLabel}" debe tener al menos ${rules.min_length} caracteres.`,
        };
      }
      if (rules?.max_length !== undefined && value.length > rules.max_length) {
        return {
          ok: false,
          error: `"${field.fieldLabel}" admite como máximo ${rules.max_length} caracteres.`,
        };
      }
      if (rules?.pattern) {
        let pattern: RegExp | null = null;
        try {
          pattern = new RegExp(rules.pattern);
        } catch {
          pattern = null; // a broken admin pattern must not block the customer
        }
        if (pattern && !pattern.test(value)) {
          const hint =
            rules.pattern_description ??
            ((rules.example ?? field.exampleValue)
              ? `por ejemplo ${rules.example ?? field.exampleValue}`
              : 'el formato indicado');
          return { ok: false, error: `"${field.fieldLabel}" no tiene un formato válido: ${hint}.` };
        }
      }
      return { ok: true, value };
    }
  }
};

/**
 * How to ask for the pending fields: up to 2 → one at a time; no conditions → all at once;
 * conditions that only depend on unconditional fields → base fields first, then the
 * conditional group; nested conditions → one at a time.
 */
export const collectionMode = (pending: readonly SnapshotRequiredField[]): CollectionMode => {
  if (pending.length <= 2) return 'sequential';
  const conditional = pending.filter((field) => field.conditionFieldId);
  if (conditional.length === 0) return 'batch';
  const byId = new Map(pending.map((field) => [field.id, field]));
  const nested = conditional.some(
    (field) => byId.get(field.conditionFieldId ?? '')?.conditionFieldId,
  );
  return nested ? 'sequential' : 'hybrid';
};
