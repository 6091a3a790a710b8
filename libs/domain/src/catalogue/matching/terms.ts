/**
 * Reported words: the message words behind a piece of evidence, which words were understood
 * (they named an element, an exclusion, a base to ask about or an ambiguity) and the leftover
 * runs of content words reported as unmatched, so the agent can ask about what it did not get.
 */
import { cardinal, FILLER_WORDS } from '../text';
import { Ambiguity, MatchResult, VariantQuestion } from './result';
import { Scored } from './scoring';
import { NEGATION_WORDS, Token } from './tokens';

/** The raw words at the given token positions, in message order. */
export const termsAt = (tokens: Token[], evidence: Set<number>): string[] =>
  tokens.filter((token) => evidence.has(token.pos)).map((token) => token.raw);

/** Words that named something (an element, an exclusion, a base to ask about) are understood. */
export const markUnderstood = (
  tokens: Token[],
  usedTokens: Set<number>,
  excluded: MatchResult['excluded'],
  variantQuestions: VariantQuestion[],
  ambiguities: Ambiguity[],
  scoredPositive: Map<string, Scored>,
): void => {
  for (const item of excluded) {
    tokens
      .filter((t) => t.negated && item.terms.includes(t.raw))
      .forEach((t) => usedTokens.add(t.pos));
  }
  for (const question of variantQuestions) {
    scoredPositive.get(question.baseElementId)?.evidence.forEach((t) => usedTokens.add(t));
  }
  for (const group of ambiguities) {
    tokens.filter((token) => group.terms.includes(token.raw)).forEach((t) => usedTokens.add(t.pos));
  }
};

/** Consecutive content words that are neither evidence, filler, numbers nor negations. */
export const unmatchedTerms = (tokens: Token[], used: Set<number>): string[] => {
  const terms: string[] = [];
  let current: string[] = [];
  let lastPos = -2;
  let lastClause = -1;
  const flush = (): void => {
    if (current.length > 0) terms.push(current.join(' '));
    current = [];
  };
  for (const token of tokens) {
    const ignorable =
      !token.content ||
      used.has(token.pos) ||
      FILLER_WORDS.has(token.raw) ||
      NEGATION_WORDS.has(token.raw) ||
      token.raw.length < 3 ||
      cardinal(token.raw) !== null;
    if (ignorable) {
      flush();
      continue;
    }
    if (token.pos !== lastPos + 1 || token.clause !== lastClause) flush();
    current.push(token.raw);
    lastPos = token.pos;
    lastClause = token.clause;
  }
  flush();
  return [...new Set(terms)];
};
