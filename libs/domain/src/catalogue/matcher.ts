import { CatalogueIndex } from './catalogue-index';
import {
  DIRECT_VARIANT_SCORE,
  addNamedSiblings,
  chooseCandidates,
  Resolved,
  suppressAncestors,
} from './matching/candidates';
import { resolveOverlaps } from './matching/ambiguity';
import { buildElements } from './matching/elements';
import { collectExclusions } from './matching/exclusions';
import { resolveMultiSelect } from './matching/multi-select';
import { MatchResult } from './matching/result';
import {
  MATCH_WEIGHTS,
  MIN_ELEMENT_SCORE,
  MIN_TYPO_SIMILARITY,
  scoreTokens,
} from './matching/scoring';
import { markUnderstood, unmatchedTerms } from './matching/terms';
import { tokenizeMessage } from './matching/tokens';
import { resolveBaseVariants, scoreAnswer } from './matching/variant-answers';

export { DIRECT_VARIANT_SCORE, MATCH_WEIGHTS, MIN_ELEMENT_SCORE, MIN_TYPO_SIMILARITY, scoreAnswer };
export type {
  Ambiguity,
  MatchedElement,
  MatchResult,
  MatchVia,
  VariantQuestion,
} from './matching/result';

/**
 * Understands which catalogue elements a customer message names. Each step lives in
 * `./matching/`; this class only runs them in order, because later steps depend on what
 * earlier ones chose (exclusions gate every choice, a multi-select removes the bases that
 * would otherwise be asked about, a chosen variant hides its base).
 */
export class ElementMatcher {
  public constructor(private readonly index: CatalogueIndex) {}

  public match(text: string): MatchResult {
    const tokens = tokenizeMessage(this.index, text);
    const content = tokens.filter((token) => token.content);
    const positive = content.filter((token) => !token.negated);
    const negatedTokens = content.filter((token) => token.negated);

    const scoredPositive = scoreTokens(this.index, positive);
    const scoredNegated = scoreTokens(this.index, negatedTokens);
    const { excluded, isExcluded } = collectExclusions(tokens, scoredNegated);

    const chosen = chooseCandidates(this.index, scoredPositive, isExcluded);
    const resolved: Resolved = [];
    resolveMultiSelect(this.index, tokens, chosen, resolved, isExcluded);
    addNamedSiblings(chosen, scoredPositive, isExcluded);
    suppressAncestors(chosen);
    const variantQuestions = resolveBaseVariants(tokens, chosen, resolved, isExcluded);
    const { finalists, dropped, ambiguities } = resolveOverlaps(
      tokens,
      chosen,
      resolved,
      scoredPositive,
    );

    const { elements, usedTokens } = buildElements(tokens, finalists, dropped, resolved);
    markUnderstood(tokens, usedTokens, excluded, variantQuestions, ambiguities, scoredPositive);
    return {
      elements,
      variantQuestions,
      unmatchedTerms: unmatchedTerms(tokens, usedTokens),
      ambiguities,
      excluded,
    };
  }
}
