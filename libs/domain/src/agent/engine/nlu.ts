/**
 * The engine's single doorway to message understanding and case-field parsing, so the step
 * handlers depend on a few named functions rather than on those modules' internals.
 */
import {
  CaseFieldDef,
  CaseFieldKey,
  CaseFieldValue,
  CaseSection,
  detectFieldByShape,
  extractCaseFields,
  fieldDef,
  findFieldBySynonym,
  fieldsOf,
  isCaseFieldKey,
  toCasePatch,
  toCustomerPatch,
  validateCaseField,
} from '../case-data';
import { CasePatch, CustomerPatch } from '../contract';
import { Intent, isCompletionPhrase, understand, Understanding } from '../understanding';

export type { CaseFieldDef, CaseFieldKey, CaseFieldValue, CaseSection, Intent, Understanding };
export { detectFieldByShape, fieldDef, fieldsOf, findFieldBySynonym, isCaseFieldKey, understand };

export const isCompletion = (text: string): boolean => isCompletionPhrase(text);

export type SectionValues = Partial<Record<CaseFieldKey, CaseFieldValue>>;

export const extractSection = (
  text: string,
  section: CaseSection,
  expected: readonly CaseFieldKey[],
  now: Date,
): { values: SectionValues; errors: string[] } => {
  const result = extractCaseFields(text, section, [...expected], now);
  const values: SectionValues = {};
  for (const [key, value] of Object.entries(result.values) as [CaseFieldKey, CaseFieldValue][]) {
    // An optional field answered "no lo tengo" validates as empty: nothing to store.
    if (value !== '') values[key] = value;
  }
  return {
    values,
    errors: Object.values(result.errors).filter((error): error is string => Boolean(error)),
  };
};

export const validateField = (
  key: CaseFieldKey,
  raw: string,
  now: Date,
): { ok: true; value: CaseFieldValue } | { ok: false; error: string } =>
  validateCaseField(key, raw, now);

export const customerPatchOf = (values: SectionValues): CustomerPatch => toCustomerPatch(values);
export const casePatchOf = (values: SectionValues): CasePatch => toCasePatch(values);
