/**
 * Quantities: how many units of a matched element the customer asked for, read from an
 * explicit cardinal right before its first evidence word ("dos escapes", "2 faros", "un par
 * de ...") or an "x2" right after it. Defaults to 1; "los dos espejos" stays 1 because it
 * names both sides of one element, not two elements.
 */
import { cardinal } from '../text';
import { Scored } from './scoring';
import { Token } from './tokens';

const DEFINITE_ARTICLES = new Set(['el', 'la', 'los', 'las']);

/** Explicit cardinal before the element's first evidence ("dos escapes", "2 faros"), else 1. */
export const quantityOf = (tokens: Token[], scored: Scored): number => {
  const first = Math.min(...scored.evidence);
  const at = tokens.findIndex((token) => token.pos === first);
  if (at < 0) return 1;
  const before = tokens[at - 1];
  const beforeBefore = tokens[at - 2];
  if (before && !scored.evidence.has(before.pos)) {
    const value = cardinal(before.raw);
    if (value !== null) {
      if (before.raw === 'par') return 2;
      // "los dos espejos" means both sides of one element, not two elements.
      if (beforeBefore && DEFINITE_ARTICLES.has(beforeBefore.raw)) return 1;
      return value;
    }
    if (before.raw === 'de' && beforeBefore?.raw === 'par') return 2;
  }
  const lastEvidence = Math.max(...scored.evidence);
  const after = tokens.find((token) => token.pos === lastEvidence + 1);
  if (after && /^x\d{1,2}$/.test(after.raw)) return cardinal(after.raw) ?? 1;
  return 1;
};
