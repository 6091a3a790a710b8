import {
  collectionMode,
  FieldValue,
  foldText,
  parseSpanishBoolean,
  SnapshotRequiredField,
  stem,
  STOPWORDS,
  tokenize,
  validateFieldValue,
  visibleFields,
} from '../../catalogue';
import { StoredFieldValue } from './state';

const SKIP_WORDS = new Set([
  'no se',
  'nose',
  'ni idea',
  'paso',
  'ninguno',
  'ninguna',
  'no tengo',
  'no lo se',
  'sin datos',
]);
const ORDINAL_OPTION = /^(\d)\b/;

/** Fields still to collect for an element, in order, given what is already stored. */
export const pendingElementFields = (
  fields: readonly SnapshotRequiredField[],
  values: Readonly<Record<string, StoredFieldValue>>,
): SnapshotRequiredField[] =>
  visibleFields(fields, values).filter((field) => !(field.fieldKey in values));

/**
 * The fields to ask now: one at a time (sequential), all at once (batch), or the
 * unconditional ones first and then the conditional group (hybrid).
 */
export const fieldsToAsk = (pending: readonly SnapshotRequiredField[]): SnapshotRequiredField[] => {
  if (pending.length === 0) return [];
  switch (collectionMode(pending)) {
    case 'sequential':
      return pending.slice(0, 1);
    case 'batch':
      return [...pending];
    case 'hybrid': {
      const base = pending.filter((field) => !field.conditionFieldId);
      return base.length > 0 ? base : [...pending];
    }
  }
};

/** Millimetres per unit a customer may use for a length ("25 cm", "2,1 metros"). */
const MM_PER_UNIT: Readonly<Record<string, number>> = {
  mm: 1,
  milimetro: 1,
  milimetros: 1,
  cm: 10,
  centimetro: 10,
  centimetros: 10,
  m: 1000,
  mt: 1000,
  mts: 1000,
  metro: 1000,
  metros: 1000,
};
const NUMBER_WITH_UNIT = /(-?\d{1,3}(?:\.\d{3})+(?!\d)|-?\d+(?:[.,]\d+)?)\s*([a-zA-Z]+)?/;

/** A field measured in millimetres says so in its label or key ("Diámetro (mm)", `ancho_mm`). */
const inMillimetres = (field: SnapshotRequiredField): boolean =>
  /\(mm\)/i.test(field.fieldLabel) || /(^|_)mm$/.test(field.fieldKey);

/**
 * The number of an answer in the field's unit: "1.450" is Spanish for 1450, and a length given
 * in cm or m is converted when the field is in mm ("25 cm" → 250), so no wrong value is stored.
 */
const readNumber = (field: SnapshotRequiredField, text: string): string => {
  const found = NUMBER_WITH_UNIT.exec(text);
  if (!found) return text;
  const raw = found[1] ?? '';
  const value = /^-?\d{1,3}(?:\.\d{3})+$/.test(raw)
    ? Number(raw.replace(/\./g, ''))
    : Number(raw.replace(',', '.'));
  const factor = MM_PER_UNIT[foldText(found[2] ?? '')];
  if (!Number.isFinite(value)) return raw;
  if (factor !== undefined && inMillimetres(field)) return String(Math.round(value * factor));
  return String(value);
};

const stems = (text: string): string[] =>
  tokenize(text)
    .filter((word) => !STOPWORDS.has(word))
    .map(stem);

/** Lenient reading of one answer before the typed validation. */
const normalise = (
  field: SnapshotRequiredField,
  raw: string,
  confirmation: 'confirmed' | 'rejected' | 'uncertain' | null,
): FieldValue => {
  const text = raw.trim();
  switch (field.fieldType) {
    case 'number':
      return readNumber(field, text);
    case 'boolean': {
      const direct = parseSpanishBoolean(text);
      if (direct !== null) return direct;
      const first = foldText(text).split(' ')[0] ?? '';
      const byWord = parseSpanishBoolean(first);
      if (byWord !== null) return byWord;
      if (confirmation === 'confirmed') return true;
      if (confirmation === 'rejected') return false;
      return text;
    }
    case 'select': {
      const options = field.options ?? [];
      const folded = foldText(text);
      const exact = options.find((option) => foldText(option) === folded);
      if (exact) return exact;
      const ordinal = ORDINAL_OPTION.exec(folded);
      if (ordinal && folded.length <= 3) {
        const option = options[Number(ordinal[1]) - 1];
        if (option) return option;
      }
      const contained = options.filter((option) => ` ${folded} `.includes(` ${foldText(option)} `));
      if (contained.length === 1 && contained[0]) return contained[0];
      const prefixed = options.filter(
        (option) => folded.length >= 3 && foldText(option).startsWith(folded),
      );
      if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
      // Plural or gender of the option's words ("metálicos" → Metálico, "de piel" → Piel).
      const said = new Set(stems(text));
      const byStem = options.filter((option) => {
        const words = stems(option);
        return words.length > 0 && words.every((word) => said.has(word));
      });
      if (byStem.length === 1 && byStem[0]) return byStem[0];
      return text;
    }
    default:
      return text;
  }
};

export interface FieldAnswers {
  values: Record<string, string | number | boolean>;
  skipped: string[];
  errors: string[];
}

const labelKey = (field: SnapshotRequiredField): string[] => [
  foldText(field.fieldLabel),
  foldText(field.fieldKey.replace(/_/g, ' ')),
];

/** Splits a batch answer into segments: lines, else ";" or "," when they match the count. */
const segments = (text: string, expected: number): string[] => {
  const lines = text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length > 1 || expected === 1) return lines;
  for (const separator of [';', ',']) {
    const parts = text
      .split(separator)
      .map((part) => part.trim())
      .filter(Boolean);
    if (parts.length > 1) return parts;
  }
  return lines;
};

/**
 * Reads the answer to the asked fields: "campo: valor" lines by label, the rest in order.
 * Only values that pass validation are returned; problems come back as Spanish sentences.
 */
export const readFieldAnswers = (
  asked: readonly SnapshotRequiredField[],
  text: string,
  confirmation: 'confirmed' | 'rejected' | 'uncertain' | null,
): FieldAnswers => {
  const result: FieldAnswers = { values: {}, skipped: [], errors: [] };
  const raws = new Map<SnapshotRequiredField, string>();
  const parts = asked.length === 1 ? [text.trim()] : segments(text, asked.length);
  const unlabeled: string[] = [];
  for (const part of parts) {
    const labeled = /^([^:=]{2,60})[:=]\s*(.+)$/.exec(part);
    const field = labeled
      ? asked.find((candidate) => {
          const name = foldText(labeled[1] ?? '');
          return labelKey(candidate).some((key) => key === name || key.startsWith(name));
        })
      : undefined;
    if (field && labeled && !raws.has(field)) raws.set(field, labeled[2] ?? '');
    // A list number ("1. Renthal"), not the thousands of a number ("1.450 mm").
    else unlabeled.push(part.replace(/^\d+[.)-](?!\d)\s*/, ''));
  }
  for (const field of asked) {
    if (raws.has(field)) continue;
    const next = unlabeled.shift();
    if (next === undefined) break;
    raws.set(field, next);
  }
  for (const [field, raw] of raws) {
    if (!field.isRequired && SKIP_WORDS.has(foldText(raw))) {
      result.skipped.push(field.fieldKey);
      continue;
    }
    const checked = validateFieldValue(
      field,
      normalise(field, raw, asked.length === 1 ? confirmation : null),
    );
    if (!checked.ok) result.errors.push(checked.error);
    else if (checked.value === null) result.skipped.push(field.fieldKey);
    else result.values[field.fieldKey] = checked.value;
  }
  return result;
};
