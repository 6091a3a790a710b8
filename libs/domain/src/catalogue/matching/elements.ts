/**
 * Matched elements: turns the surviving finalists and the variants settled through a base into
 * the reported list (each element once, with quantity, rounded score and matched words),
 * sorted by score then code so the quote lists elements in a stable order. Also collects the
 * tokens they used, so the remaining words can be reported as unmatched.
 */
import { IndexedElement } from '../catalogue-index';
import { Choice, Resolved } from './candidates';
import { MatchedElement, MatchVia } from './result';
import { roundScore, Scored } from './scoring';
import { quantityOf } from './quantity';
import { termsAt } from './terms';
import { Token } from './tokens';

export const buildElements = (
  tokens: Token[],
  finalists: Choice[],
  dropped: Set<string>,
  resolved: Resolved,
): { elements: MatchedElement[]; usedTokens: Set<number> } => {
  const elements: MatchedElement[] = [];
  const usedTokens = new Set<number>();
  const seen = new Set<string>();
  const add = (
    element: IndexedElement,
    scored: Scored,
    via: MatchVia,
    termTokens: number[],
  ): void => {
    if (seen.has(element.id)) return;
    seen.add(element.id);
    const evidence = [...scored.evidence, ...termTokens];
    evidence.forEach((token) => usedTokens.add(token));
    elements.push({
      elementId: element.id,
      code: element.code,
      name: element.name,
      // A multi-select takes each variant once ("ambas" is both sides, not two of each).
      quantity: via === 'multi_select' ? 1 : quantityOf(tokens, scored),
      score: roundScore(scored.score),
      via,
      matchedTerms: termsAt(tokens, new Set(evidence)),
    });
  };
  for (const { scored, via } of finalists) {
    if (!dropped.has(scored.element.id)) add(scored.element, scored, via, []);
  }
  for (const item of resolved) add(item.element, item.scored, item.via, item.terms);
  elements.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  return { elements, usedTokens };
};
