/**
 * Variant answers: a base that still needs a variant is settled by an answer in the clause
 * where it was mentioned (a qualifier such as "traseros" next to the base) when one option
 * clearly wins; otherwise the customer is asked which variant. The same `scoreAnswer` scores
 * the reply to that question later, so a clause answer and a reply pick alike.
 */
import { IndexedElement } from '../catalogue-index';
import { Chosen, Resolved } from './candidates';
import { VariantQuestion } from './result';
import { Scored } from './scoring';
import { Token } from './tokens';

/** Step 5: bases that still need a variant: an answer in the same clause, or a question. */
export const resolveBaseVariants = (
  tokens: Token[],
  chosen: Chosen,
  resolved: Resolved,
  isExcluded: (element: IndexedElement) => boolean,
): VariantQuestion[] => {
  const variantQuestions: VariantQuestion[] = [];
  for (const [id, { scored }] of [...chosen]) {
    const base = scored.element;
    if (!base.needsVariant) continue;
    chosen.delete(id);
    const options = base.children.filter((child) => !isExcluded(child));
    const answer = answerInClause(options, tokens, scored);
    if (answer) {
      resolved.push({
        element: answer.element,
        scored,
        via: 'variant_answer',
        terms: answer.tokens,
      });
      continue;
    }
    variantQuestions.push(question(base, options));
  }
  return variantQuestions;
};

/**
 * Variant-answer scoring (how a reply to a variant question picks the variant) applied to the
 * clause where the base was mentioned: +0.8 per keyword present, +0.4×overlap for partial
 * phrases, +0.7 when the variant code's words appear, +0.3×overlap with the variant's own name
 * words.
 */
const answerInClause = (
  options: IndexedElement[],
  tokens: Token[],
  scored: Scored,
): { element: IndexedElement; tokens: number[] } | null => {
  const clauses = new Set(scored.hits.map((hit) => hit.clause));
  const clauseTokens = tokens.filter((t) => t.content && !t.negated && clauses.has(t.clause));
  const ranked = options
    .map((option) => ({ option, ...scoreAnswer(option, clauseTokens) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || best.score < 0.8) return null;
  if (second && second.score >= best.score * 0.8) return null;
  return { element: best.option, tokens: best.tokens };
};

const question = (base: IndexedElement, options: IndexedElement[]): VariantQuestion => {
  const list = options.map((option) => ({ code: option.code, name: option.name }));
  return {
    baseElementId: base.id,
    baseCode: base.code,
    baseName: base.name,
    question:
      base.source.questionHint ??
      `¿Qué tipo de ${base.name.toLowerCase()}? Opciones: ${list.map((o) => o.name).join(', ')}`,
    options: list,
    multiSelectKeywords: base.source.multiSelectKeywords,
  };
};

/** Variant answer score of one option against a list of tokens. */
export const scoreAnswer = (
  option: IndexedElement,
  tokens: readonly { stem: string; pos: number }[],
): { score: number; tokens: number[] } => {
  const stems = new Map<string, number>();
  tokens.forEach((token) => {
    if (!stems.has(token.stem)) stems.set(token.stem, token.pos);
  });
  const used = new Set<number>();
  let score = 0;
  const sequence = tokens.map((token) => token.stem);
  for (const words of option.keywordStems) {
    const present = words.filter((w) => stems.has(w));
    if (present.length === words.length && containsRun(sequence, words)) {
      score += 0.8;
      present.forEach((w) => used.add(stems.get(w) as number));
    } else if (words.length > 1 && present.length / words.length > 0.5) {
      score += 0.4 * (present.length / words.length);
      present.forEach((w) => used.add(stems.get(w) as number));
    }
  }
  if (option.variantCodeStems.length > 0 && option.variantCodeStems.every((w) => stems.has(w))) {
    score += 0.7;
  }
  if (option.distinctiveNameStems.length > 0) {
    const overlap = option.distinctiveNameStems.filter((w) => stems.has(w)).length;
    score += 0.3 * (overlap / option.distinctiveNameStems.length);
  }
  return { score, tokens: [...used] };
};

const containsRun = (haystack: readonly string[], needle: readonly string[]): boolean => {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
};
