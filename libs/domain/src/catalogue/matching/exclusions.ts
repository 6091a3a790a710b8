/**
 * Exclusions: elements named inside a negation scope ("todo menos el escape", "no quiero el
 * manillar") are reported as excluded, and neither they nor their variants may be chosen
 * later, whatever else the message says about them.
 */
import { IndexedElement } from '../catalogue-index';
import { MatchResult } from './result';
import { MIN_ELEMENT_SCORE, Scored } from './scoring';
import { termsAt } from './terms';
import { Token } from './tokens';

export const collectExclusions = (
  tokens: Token[],
  scoredNegated: Map<string, Scored>,
): {
  excluded: MatchResult['excluded'];
  /** True for an excluded element or any descendant of one. */
  isExcluded: (element: IndexedElement) => boolean;
} => {
  const excludedIds = new Set<string>();
  const excluded: MatchResult['excluded'] = [];
  for (const scored of scoredNegated.values()) {
    if (scored.score < MIN_ELEMENT_SCORE) continue;
    excludedIds.add(scored.element.id);
    excluded.push({
      code: scored.element.code,
      name: scored.element.name,
      terms: termsAt(tokens, scored.evidence),
    });
  }
  const isExcluded = (element: IndexedElement): boolean => {
    let cursor: IndexedElement | null = element;
    while (cursor) {
      if (excludedIds.has(cursor.id)) return true;
      cursor = cursor.parent;
    }
    return false;
  };
  return { excluded, isExcluded };
};
