/**
 * Direct candidates: which scored elements count as mentioned before any variant question.
 * Base elements count from MIN_ELEMENT_SCORE; a variant is taken directly only when its own
 * clause names it strongly or, with its base unmentioned, one of its keywords is distinctive,
 * because generic qualifier words ("trasera", "dos") alone would otherwise pick variants
 * nobody asked for. Also adds siblings named in their own clause and lets a chosen variant
 * suppress its ancestors.
 */
import { CatalogueIndex, IndexedElement } from '../catalogue-index';
import { stem } from '../text';
import { MatchVia } from './result';
import { MATCH_WEIGHTS, MIN_ELEMENT_SCORE, Scored } from './scoring';

/** A variant is taken directly at this score, suppressing its base. */
export const DIRECT_VARIANT_SCORE = 1.2;

/**
 * Qualifier words that answer a variant question ("trasera", "no", "dos") but never name an
 * element on their own: a variant hit only through them is not taken unless its base is in
 * the message too.
 */
const GENERIC_ANSWER_STEMS = new Set(
  [
    'delantero',
    'trasero',
    'posterior',
    'frontal',
    'detras',
    'ambos',
    'todos',
    'si',
    'no',
    'sin',
    'con',
    'dos',
    'uno',
    'par',
    'normal',
    'simple',
    'basico',
    'estandar',
    'standard',
    'completo',
    'total',
    'full',
    'parcial',
    'interior',
    'exterior',
    'dentro',
    'fuera',
    'visible',
    'oculto',
    'fijo',
    'permanente',
    'instalado',
    'portatil',
    'doble',
    'unico',
    'igual',
    'afecta',
    'izquierdo',
    'derecho',
    'automatico',
    'kit',
    'led',
    'barra',
  ].map(stem),
);

export interface Choice {
  scored: Scored;
  via: MatchVia;
}

/** Elements chosen so far, by id, in the order they were chosen (which orders the output). */
export type Chosen = Map<string, Choice>;

/** Elements settled through a base (multi-select or a variant answer) with their extra terms. */
export type Resolved = {
  element: IndexedElement;
  scored: Scored;
  via: MatchVia;
  terms: number[];
}[];

/** Step 1: base elements by total score, variants by clause score (or distinctive). */
export const chooseCandidates = (
  index: CatalogueIndex,
  scoredPositive: Map<string, Scored>,
  isExcluded: (element: IndexedElement) => boolean,
): Chosen => {
  const chosen: Chosen = new Map();
  for (const scored of scoredPositive.values()) {
    const { element } = scored;
    if (isExcluded(element)) continue;
    if (!element.parent) {
      if (scored.score >= MIN_ELEMENT_SCORE) chosen.set(element.id, { scored, via: 'keyword' });
      continue;
    }
    const parentMentioned =
      (scoredPositive.get(element.parent.id)?.score ?? 0) >= MIN_ELEMENT_SCORE;
    if (scored.clauseScore >= DIRECT_VARIANT_SCORE || distinctive(index, scored, parentMentioned)) {
      chosen.set(element.id, { scored, via: 'variant' });
    }
  }
  return chosen;
};

/**
 * A variant below the direct threshold still counts when one of its hits is a full keyword
 * that no other element uses and that is not a generic answer word (e.g. "piloto" alone names
 * the brake light). With its base mentioned it never does: the variant-answer step then picks
 * among the siblings instead.
 */
const distinctive = (index: CatalogueIndex, scored: Scored, parentMentioned: boolean): boolean => {
  if (parentMentioned) return false; // the base path resolves it with the clause answer
  return scored.hits.some(
    (hit) =>
      (hit.kind === 'keyword' ||
        (hit.kind === 'phrase' && hit.weight >= MATCH_WEIGHTS.phraseFull)) &&
      hit.entry.stems.every(
        (s) =>
          !GENERIC_ANSWER_STEMS.has(s) && (hit.kind !== 'keyword' || index.distinctiveStems.has(s)),
      ),
  );
};

/**
 * Step 3: a sibling of a chosen variant named with a full keyword in its own clause
 * ("intermitentes delanteros, y también traseros"), unless another element owns that word.
 */
export const addNamedSiblings = (
  chosen: Chosen,
  scoredPositive: Map<string, Scored>,
  isExcluded: (element: IndexedElement) => boolean,
): void => {
  const claimed = new Set<number>();
  for (const { scored } of chosen.values()) scored.evidence.forEach((t) => claimed.add(t));
  for (const { scored } of [...chosen.values()]) {
    const parent = scored.element.parent;
    if (!parent) continue;
    for (const sibling of parent.children) {
      if (chosen.has(sibling.id) || isExcluded(sibling)) continue;
      const candidate = scoredPositive.get(sibling.id);
      if (!candidate || candidate.clauseScore < MATCH_WEIGHTS.keyword) continue;
      const own = candidate.hits.filter((hit) => hit.clause === candidate.bestClause);
      if (own.some((hit) => hit.tokens.some((t) => claimed.has(t)))) continue;
      chosen.set(sibling.id, { scored: candidate, via: 'variant' });
    }
  }
};

/** Step 4: a chosen variant suppresses its ancestors. */
export const suppressAncestors = (chosen: Chosen): void => {
  for (const { scored } of [...chosen.values()]) {
    let cursor = scored.element.parent;
    while (cursor) {
      chosen.delete(cursor.id);
      cursor = cursor.parent;
    }
  }
};
