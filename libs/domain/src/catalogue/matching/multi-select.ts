/**
 * Multi-select: a base that needs a variant, mentioned together with one of its multi-select
 * phrases ("ambas", "las dos", "delanteros y traseros") in the same sentence, takes every
 * non-accessory, non-excluded variant at once instead of asking which one.
 */
import { CatalogueIndex, IndexedElement } from '../catalogue-index';
import { cardinal, STOPWORDS } from '../text';
import { Chosen, Resolved } from './candidates';
import { Token } from './tokens';

/** Step 2: replaces a multi-selected base (and its chosen variants) with all its variants. */
export const resolveMultiSelect = (
  index: CatalogueIndex,
  tokens: Token[],
  chosen: Chosen,
  resolved: Resolved,
  isExcluded: (element: IndexedElement) => boolean,
): void => {
  const chosenDescendantOf = (base: IndexedElement): IndexedElement[] =>
    [...chosen.values()]
      .map(({ scored }) => scored.element)
      .filter((element) => index.isAncestor(base, element));

  const bases = new Set<IndexedElement>();
  for (const { scored } of chosen.values()) {
    let cursor: IndexedElement | null = scored.element;
    while (cursor) {
      if (cursor.needsVariant) bases.add(cursor);
      cursor = cursor.parent;
    }
  }
  for (const base of bases) {
    if (isExcluded(base)) continue;
    const scored =
      chosen.get(base.id)?.scored ?? chosen.get(chosenDescendantOf(base)[0]?.id ?? '')?.scored;
    if (!scored) continue;
    const mentioned = new Set(
      [base, ...chosenDescendantOf(base)].flatMap((element) => [
        ...(chosen.get(element.id)?.scored.evidence ?? []),
      ]),
    );
    const sentences = new Set(tokens.filter((t) => mentioned.has(t.pos)).map((t) => t.sentence));
    const multi = multiSelectHit(base, tokens, sentences);
    if (!multi) continue;
    chosen.delete(base.id);
    chosenDescendantOf(base).forEach((element) => chosen.delete(element.id));
    for (const child of base.children) {
      if (child.source.variantType === 'accessory' || isExcluded(child)) continue;
      resolved.push({ element: child, scored, via: 'multi_select', terms: multi });
    }
  }
};

/**
 * Multi-select words of a base ("ambas", "las dos", "delanteros y traseros") in the same
 * sentence as the mention, compared literally (folded, not stemmed: "todo" is not "todos").
 */
const multiSelectHit = (
  base: IndexedElement,
  tokens: Token[],
  sentences: Set<number>,
): number[] | null => {
  const positive = tokens.filter((token) => !token.negated && sentences.has(token.sentence));
  const contentOnly = positive.filter((token) => token.content || token.raw === 'y');
  for (const phrase of base.multiSelect) {
    const words = phrase.filter((word) => !STOPWORDS.has(word) || word === 'y');
    // "las dos" / "los dos" must be literal: a bare "dos" is a quantity, not "both".
    const literal = words.length === 1 && cardinal(words[0]) !== null;
    const hit = findRun(literal ? positive : contentOnly, literal ? phrase : words);
    if (hit) return hit;
  }
  return null;
};

/** Positions of the first run of tokens whose raw words equal `words`, if any. */
const findRun = (tokens: Token[], words: string[]): number[] | null => {
  if (words.length === 0) return null;
  for (let i = 0; i + words.length <= tokens.length; i += 1) {
    let ok = true;
    for (let j = 0; j < words.length; j += 1) {
      const token = tokens[i + j];
      const word = words[j];
      if (token.raw !== word) {
        ok = false;
        break;
      }
    }
    if (ok) return tokens.slice(i, i + words.length).map((t) => t.pos);
  }
  return null;
};
