/**
 * What the matcher hands back: the elements it understood (and how), the variant questions it
 * must ask, ties it cannot break, exclusions and leftover words. The quote engine, the
 * explanation and the agent read only these shapes, never the internal scoring state.
 */

export type MatchVia = 'keyword' | 'variant' | 'variant_answer' | 'multi_select';

export interface MatchedElement {
  elementId: string;
  code: string;
  name: string;
  quantity: number;
  score: number;
  via: MatchVia;
  matchedTerms: string[];
}

export interface VariantQuestion {
  baseElementId: string;
  baseCode: string;
  baseName: string;
  question: string;
  options: { code: string; name: string }[];
  multiSelectKeywords: string[];
}

export interface Ambiguity {
  terms: string[];
  candidates: { code: string; name: string; score: number }[];
}

export interface MatchResult {
  elements: MatchedElement[];
  variantQuestions: VariantQuestion[];
  unmatchedTerms: string[];
  ambiguities: Ambiguity[];
  /** Elements the customer explicitly excluded ("todo menos el escape"). */
  excluded: { code: string; name: string; terms: string[] }[];
}
