import { CatalogueIndex, IndexedElement } from './catalogue-index';

export type CodeRejection = 'unknown' | 'inactive' | 'needs_variant';

export interface NormalisedCode {
  input: string;
  element: IndexedElement | null;
  rejection: CodeRejection | null;
}

const VOWELS = /[AEIOU]$/;

/**
 * Element-code normalisation: upper-case (spaces and dashes as underscores), then exact, +S,
 * −S, +ES after a consonant, −ES. Codes of other categories never resolve because the index
 * only knows this category.
 */
export const normaliseCode = (index: CatalogueIndex, input: string): NormalisedCode => {
  const base = input
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  const candidates = [base, `${base}S`];
  if (base.endsWith('S')) candidates.push(base.slice(0, -1));
  if (!VOWELS.test(base)) candidates.push(`${base}ES`);
  if (base.endsWith('ES')) candidates.push(base.slice(0, -2));
  for (const candidate of candidates) {
    const element = index.byCode.get(candidate);
    if (!element) continue;
    if (!index.isActive(element)) return { input, element, rejection: 'inactive' };
    if (element.needsVariant) return { input, element, rejection: 'needs_variant' };
    return { input, element, rejection: null };
  }
  return { input, element: null, rejection: 'unknown' };
};
