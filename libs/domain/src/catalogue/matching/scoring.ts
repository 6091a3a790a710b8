/**
 * Scoring of catalogue elements against a token list: whole keywords, full and partial
 * phrases, aliases and typos, each weighted by MATCH_WEIGHTS. Each keyword counts once overall
 * (the element's score) and once per clause (its clause score, used to judge variants), and
 * the tokens behind each hit are kept as evidence for comparing elements and quoting terms.
 */
import { CatalogueIndex, IndexedElement, KeywordEntry } from '../catalogue-index';
import { cardinal, FILLER_WORDS, trigrams, typoSimilarity } from '../text';
import { Token } from './tokens';

/** Element-matching scores; a base element counts from MIN_ELEMENT_SCORE on. */
export const MATCH_WEIGHTS = {
  keyword: 1.0,
  phraseFull: 0.8,
  phrasePartial: 0.4,
  alias: 0.6,
  /** × similarity; high enough that a word matched only as a typo can reach the threshold. */
  typo: 0.8,
} as const;

/** Minimum score for a base element to count as mentioned. */
export const MIN_ELEMENT_SCORE = 0.5;
/** A token is a typo of a keyword from this `typoSimilarity` on. */
export const MIN_TYPO_SIMILARITY = 0.6;

export interface Hit {
  entry: KeywordEntry;
  weight: number;
  tokens: number[];
  clause: number;
  kind: 'keyword' | 'phrase' | 'alias' | 'typo';
}

export interface Scored {
  element: IndexedElement;
  score: number;
  hits: Hit[];
  evidence: Set<number>;
  /** Tokens from whole-keyword hits only (partial phrases excluded): used to compare elements. */
  strong: Set<number>;
  /** Best score within a single clause (variants are judged per clause). */
  clauseScore: number;
  bestClause: number;
}

/** Scores are reported with two decimals. */
export const roundScore = (value: number): number => Math.round(value * 100) / 100;

/** Scoring over a token list (MATCH_WEIGHTS): keywords, phrases, aliases, typos. */
export const scoreTokens = (index: CatalogueIndex, tokens: Token[]): Map<string, Scored> => {
  const result = new Map<string, Scored>();
  if (tokens.length === 0) return result;
  const hits: Hit[] = [];
  const positionsByStem = new Map<string, Token[]>();
  for (const token of tokens) {
    const list = positionsByStem.get(token.stem);
    if (list) list.push(token);
    else positionsByStem.set(token.stem, [token]);
  }
  const exactTokens = new Set<number>();
  const phraseCandidates = new Set<KeywordEntry>();
  for (const token of tokens) {
    for (const entry of index.singleWord.get(token.stem) ?? []) {
      if (token.prev === 'no' && entry.stems[0] !== 'no') continue; // "no afecta"
      hits.push({
        entry,
        weight: entry.isAlias ? MATCH_WEIGHTS.alias : MATCH_WEIGHTS.keyword,
        tokens: [token.pos],
        clause: token.clause,
        kind: entry.isAlias ? 'alias' : 'keyword',
      });
      exactTokens.add(token.pos);
    }
    for (const entry of index.phrasesByStem.get(token.stem) ?? []) {
      phraseCandidates.add(entry);
    }
    if (index.knownStems.has(token.stem)) exactTokens.add(token.pos);
  }
  for (const entry of phraseCandidates) {
    const hit = phraseHit(entry, tokens, positionsByStem);
    if (hit) hits.push(hit);
  }
  for (const token of tokens) {
    if (exactTokens.has(token.pos) || token.stem.length < 4 || FILLER_WORDS.has(token.raw)) {
      continue;
    }
    if (cardinal(token.raw) !== null) continue;
    hits.push(...typoHits(index, token));
  }

  // Aggregate: each keyword counts once overall and once per clause.
  const perElement = new Map<string, Hit[]>();
  for (const hit of hits) {
    const list = perElement.get(hit.entry.element.id);
    if (list) list.push(hit);
    else perElement.set(hit.entry.element.id, [hit]);
  }
  for (const [id, elementHits] of perElement) {
    const best = new Map<number, Hit>();
    const clauseBest = new Map<string, Hit>();
    for (const hit of elementHits) {
      const current = best.get(hit.entry.id);
      if (!current || current.weight < hit.weight) best.set(hit.entry.id, hit);
      if (hit.clause >= 0) {
        const key = `${hit.clause}:${hit.entry.id}`;
        const inClause = clauseBest.get(key);
        if (!inClause || inClause.weight < hit.weight) clauseBest.set(key, hit);
      }
    }
    const clauseTotals = new Map<number, number>();
    for (const hit of clauseBest.values()) {
      clauseTotals.set(hit.clause, (clauseTotals.get(hit.clause) ?? 0) + hit.weight);
    }
    let clauseScore = 0;
    let bestClause = -1;
    for (const [clause, total] of clauseTotals) {
      if (total > clauseScore) {
        clauseScore = total;
        bestClause = clause;
      }
    }
    const kept = [...best.values()];
    const evidence = new Set<number>();
    kept.forEach((hit) => hit.tokens.forEach((t) => evidence.add(t)));
    const strong = new Set<number>();
    kept
      .filter((hit) => hit.kind !== 'phrase' || hit.weight >= MATCH_WEIGHTS.phraseFull)
      .forEach((hit) => hit.tokens.forEach((t) => strong.add(t)));
    result.set(id, {
      element: index.byId.get(id) as IndexedElement,
      score: kept.reduce((sum, hit) => sum + hit.weight, 0),
      hits: kept,
      evidence,
      strong,
      clauseScore,
      bestClause,
    });
  }
  return result;
};

/**
 * A multi-word keyword: full weight when its stems appear consecutively, a partial weight
 * proportional to the stems present when more than half are (never for aliases).
 */
const phraseHit = (
  entry: KeywordEntry,
  tokens: Token[],
  positionsByStem: Map<string, Token[]>,
): Hit | null => {
  const present = entry.stems.filter((s) => positionsByStem.has(s));
  const ratio = present.length / entry.stems.length;
  if (ratio <= 0.5) return null;
  // Full phrase = the stems appear consecutively among the content tokens.
  for (let i = 0; i + entry.stems.length <= tokens.length; i += 1) {
    let ok = true;
    for (let j = 0; j < entry.stems.length; j += 1) {
      if (tokens[i + j]?.stem !== entry.stems[j]) {
        ok = false;
        break;
      }
    }
    if (ok) {
      const run = tokens.slice(i, i + entry.stems.length);
      if (run[0]?.prev === 'no' && entry.stems[0] !== 'no') return null;
      const clause = run.every((t) => t.clause === run[0]?.clause) ? (run[0]?.clause ?? -1) : -1;
      return {
        entry,
        weight: entry.isAlias ? MATCH_WEIGHTS.alias : MATCH_WEIGHTS.phraseFull,
        tokens: run.map((t) => t.pos),
        clause,
        kind: entry.isAlias ? 'alias' : 'phrase',
      };
    }
  }
  if (entry.isAlias) return null; // aliases count only as a whole
  const used = present.map((s) => (positionsByStem.get(s) as Token[])[0]);
  const clause = used.every((t) => t.clause === used[0]?.clause) ? (used[0]?.clause ?? -1) : -1;
  return {
    entry,
    weight: MATCH_WEIGHTS.phrasePartial * ratio,
    tokens: used.map((t) => t.pos),
    clause,
    kind: 'phrase',
  };
};

/** Keywords a token is the closest typo of (trigram candidates, then `typoSimilarity`). */
const typoHits = (index: CatalogueIndex, token: Token): Hit[] => {
  const grams = trigrams(token.stem);
  const candidates = new Set<number>();
  for (const gram of grams) {
    for (const target of index.typoByGram.get(gram) ?? []) candidates.add(target);
  }
  let bestSimilarity = 0;
  let bestTargets: number[] = [];
  for (const candidate of candidates) {
    const target = index.typoTargets[candidate];
    if (!target || Math.abs(target.stem.length - token.stem.length) > 2) continue;
    const similarity = typoSimilarity(token.stem, grams, target.stem, target.grams);
    if (similarity < MIN_TYPO_SIMILARITY) continue;
    if (similarity > bestSimilarity) {
      bestSimilarity = similarity;
      bestTargets = [candidate];
    } else if (similarity === bestSimilarity) bestTargets.push(candidate);
  }
  return bestTargets.flatMap((candidate) =>
    (index.typoTargets[candidate]?.entries ?? []).map((entry) => ({
      entry,
      weight: MATCH_WEIGHTS.typo * bestSimilarity * (entry.isAlias ? 0.6 : 1),
      tokens: [token.pos],
      clause: token.clause,
      kind: 'typo' as const,
    })),
  );
};
