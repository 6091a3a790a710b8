import { CatalogueIndex, IndexedElement, KeywordEntry } from './catalogue-index';
import { cardinal, FILLER_WORDS, STOPWORDS, stem, trigrams, typoSimilarity } from './text';

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
/** A variant is taken directly at this score, suppressing its base. */
export const DIRECT_VARIANT_SCORE = 1.2;
/** A token is a typo of a keyword from this `typoSimilarity` on. */
export const MIN_TYPO_SIMILARITY = 0.6;

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

const NEGATION_WORDS = new Set(['excepto', 'menos', 'salvo', 'quitando', 'quitar', 'quita']);
const NO_FOLLOWERS = new Set(['quiero', 'necesito', 'incluir', 'incluyas', 'hace', 'cuentes']);
const CLAUSE_WORDS = new Set(['y', 'e', '+', 'ademas', 'tambien', 'pero', 'aparte']);
const POSITIVE_RESET_WORDS = new Set(['pero', 'ademas', 'tambien', 'aparte']);
const DEFINITE_ARTICLES = new Set(['el', 'la', 'los', 'las']);

interface Token {
  raw: string;
  stem: string;
  /** Index among all word tokens. */
  pos: number;
  clause: number;
  sentence: number;
  negated: boolean;
  content: boolean;
  /** Previous word ("no afecta": a keyword right after "no" is denied, not mentioned). */
  prev: string;
}

interface Hit {
  entry: KeywordEntry;
  weight: number;
  tokens: number[];
  clause: number;
  kind: 'keyword' | 'phrase' | 'alias' | 'typo';
}

interface Scored {
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

/** Splits into word tokens and clause separators, folding accents and case. */
const lex = (
  text: string,
): { words: string[]; breaks: Set<number>; stops: Set<number>; sentenceEnds: Set<number> } => {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const words: string[] = [];
  const breaks = new Set<number>();
  const stops = new Set<number>();
  const sentenceEnds = new Set<number>();
  for (const match of folded.matchAll(/[a-z0-9&]+(?:\+[a-z0-9]+)?|\+|[,;.!?:\n()/]/g)) {
    const value = match[0];
    if (/^[a-z0-9&+]/.test(value) && value !== '+') {
      words.push(value);
      continue;
    }
    if (value === '+') {
      words.push(value);
      continue;
    }
    breaks.add(words.length);
    if (/^[;:\n]$/.test(value)) stops.add(words.length);
    if (/^[.!?]$/.test(value)) sentenceEnds.add(words.length);
  }
  return { words, breaks, stops, sentenceEnds };
};

export class ElementMatcher {
  public constructor(private readonly index: CatalogueIndex) {}

  public match(text: string): MatchResult {
    const tokens = this.tokens(text);
    const content = tokens.filter((token) => token.content);
    const positive = content.filter((token) => !token.negated);
    const negatedTokens = content.filter((token) => token.negated);

    const scoredPositive = this.score(positive);
    const scoredNegated = this.score(negatedTokens);

    const excludedIds = new Set<string>();
    const excluded: MatchResult['excluded'] = [];
    for (const scored of scoredNegated.values()) {
      if (scored.score < MIN_ELEMENT_SCORE) continue;
      excludedIds.add(scored.element.id);
      excluded.push({
        code: scored.element.code,
        name: scored.element.name,
        terms: this.terms(tokens, scored.evidence),
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

    // 1. Candidates: base elements by total score, variants by clause score (or distinctive).
    const chosen = new Map<string, { scored: Scored; via: MatchVia }>();
    for (const scored of scoredPositive.values()) {
      const { element } = scored;
      if (isExcluded(element)) continue;
      if (!element.parent) {
        if (scored.score >= MIN_ELEMENT_SCORE) chosen.set(element.id, { scored, via: 'keyword' });
        continue;
      }
      const parentMentioned =
        (scoredPositive.get(element.parent.id)?.score ?? 0) >= MIN_ELEMENT_SCORE;
      if (scored.clauseScore >= DIRECT_VARIANT_SCORE || this.distinctive(scored, parentMentioned)) {
        chosen.set(element.id, { scored, via: 'variant' });
      }
    }

    const resolved: { element: IndexedElement; scored: Scored; via: MatchVia; terms: number[] }[] =
      [];
    const chosenDescendantOf = (base: IndexedElement): IndexedElement[] =>
      [...chosen.values()]
        .map(({ scored }) => scored.element)
        .filter((element) => this.index.isAncestor(base, element));

    // 2. Multi-select ("ambas", "delanteros y traseros") on a mentioned base takes every variant.
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
      const multi = this.multiSelectHit(base, tokens, sentences);
      if (!multi) continue;
      chosen.delete(base.id);
      chosenDescendantOf(base).forEach((element) => chosen.delete(element.id));
      for (const child of base.children) {
        if (child.source.variantType === 'accessory' || isExcluded(child)) continue;
        resolved.push({ element: child, scored, via: 'multi_select', terms: multi });
      }
    }

    // 3. A sibling of a chosen variant named with a full keyword in its own clause
    //    ("intermitentes delanteros, y también traseros"), unless another element owns that word.
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

    // 4. A chosen variant suppresses its ancestors.
    for (const { scored } of [...chosen.values()]) {
      let cursor = scored.element.parent;
      while (cursor) {
        chosen.delete(cursor.id);
        cursor = cursor.parent;
      }
    }

    // 5. Bases that still need a variant: an answer in the same clause, or a question.
    const variantQuestions: VariantQuestion[] = [];
    for (const [id, { scored }] of [...chosen]) {
      const base = scored.element;
      if (!base.needsVariant) continue;
      chosen.delete(id);
      const options = base.children.filter((child) => !isExcluded(child));
      const answer = this.answerInClause(options, tokens, scored);
      if (answer) {
        resolved.push({
          element: answer.element,
          scored,
          via: 'variant_answer',
          terms: answer.tokens,
        });
        continue;
      }
      variantQuestions.push(this.question(base, options));
    }

    // 6. Evidence subsumption and ambiguity among what is left.
    const finalists = [...chosen.values()];
    // Variants resolved from a base also outrank plainer mentions ("luz de matricula").
    const dominators = [
      ...finalists,
      ...resolved
        .filter((item) => item.via === 'variant_answer')
        .map((item) => ({
          scored: scoredPositive.get(item.element.id) ?? item.scored,
          via: item.via,
        })),
    ];
    const dropped = new Set<string>();
    const ambiguities: Ambiguity[] = [];
    const groups = new Map<string, Scored[]>();
    for (const a of finalists) {
      for (const b of dominators) {
        if (a === b || a.scored === b.scored || dropped.has(b.scored.element.id)) continue;
        const ea = a.scored.strong;
        const eb = b.scored.strong;
        if (![...ea].every((token) => eb.has(token))) continue;
        // A more specific mention wins ("luz de matricula" over "matricula").
        if (ea.size < eb.size || a.scored.score < b.scored.score) dropped.add(a.scored.element.id);
        else if (a.scored.score === b.scored.score && ea.size === eb.size) {
          const key = [...ea].sort((x, y) => x - y).join(',');
          const group = groups.get(key) ?? [];
          if (!group.includes(a.scored)) group.push(a.scored);
          if (!group.includes(b.scored)) group.push(b.scored);
          groups.set(key, group);
        }
      }
    }
    for (const group of groups.values()) {
      group.forEach((scored) => dropped.add(scored.element.id));
      ambiguities.push({
        terms: this.terms(tokens, group[0]?.strong ?? new Set()),
        candidates: group.map((scored) => ({
          code: scored.element.code,
          name: scored.element.name,
          score: round(scored.score),
        })),
      });
    }

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
        quantity: via === 'multi_select' ? 1 : this.quantity(tokens, scored),
        score: round(scored.score),
        via,
        matchedTerms: this.terms(tokens, new Set(evidence)),
      });
    };
    for (const { scored, via } of finalists) {
      if (!dropped.has(scored.element.id)) add(scored.element, scored, via, []);
    }
    for (const item of resolved) add(item.element, item.scored, item.via, item.terms);
    elements.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));

    // Words that named something (an element, an exclusion, a base to ask about) are understood.
    for (const item of excluded) {
      tokens
        .filter((t) => t.negated && item.terms.includes(t.raw))
        .forEach((t) => usedTokens.add(t.pos));
    }
    for (const question of variantQuestions) {
      scoredPositive.get(question.baseElementId)?.evidence.forEach((t) => usedTokens.add(t));
    }
    for (const group of ambiguities) {
      tokens
        .filter((token) => group.terms.includes(token.raw))
        .forEach((t) => usedTokens.add(t.pos));
    }
    return {
      elements,
      variantQuestions,
      unmatchedTerms: this.unmatched(tokens, usedTokens),
      ambiguities,
      excluded,
    };
  }

  /** Word tokens with clause numbers and negation scopes. */
  private tokens(text: string): Token[] {
    const { words, breaks, stops, sentenceEnds } = lex(text);
    const tokens: Token[] = [];
    let clause = 0;
    let sentence = 0;
    let negationScope: 'none' | 'clause' | 'sentence' = 'none';
    for (let i = 0; i < words.length; i += 1) {
      const raw = words[i];
      if (breaks.has(i) && i > 0) {
        clause += 1;
        if (sentenceEnds.has(i)) sentence += 1;
        if (sentenceEnds.has(i) || stops.has(i) || negationScope === 'clause') {
          negationScope = 'none';
        }
      }
      if (CLAUSE_WORDS.has(raw)) {
        clause += 1;
        if (POSITIVE_RESET_WORDS.has(raw) || negationScope === 'clause') negationScope = 'none';
      }
      const next = words[i + 1] ?? '';
      let trigger = true;
      if (NEGATION_WORDS.has(raw)) negationScope = 'sentence';
      else if (raw === 'no' && NO_FOLLOWERS.has(next)) negationScope = 'sentence';
      else if (raw === 'sin' && !this.startsPhrase(stem(raw), words, i)) negationScope = 'clause';
      else trigger = false;
      tokens.push({
        raw,
        stem: stem(raw),
        pos: i,
        clause,
        sentence,
        // The trigger word itself is neither positive nor negated evidence.
        negated: negationScope !== 'none' && !trigger,
        content: !trigger && !STOPWORDS.has(raw) && !CLAUSE_WORDS.has(raw),
        prev: words[i - 1] ?? '',
      });
    }
    return tokens;
  }

  /** "sin" starts a catalogue phrase ("sin mmr", "sin galibo") rather than a negation. */
  private startsPhrase(first: string, words: string[], at: number): boolean {
    const nextContent = words.slice(at + 1).find((word) => !STOPWORDS.has(word));
    if (!nextContent) return false;
    const second = stem(nextContent);
    return (this.index.phrasesByStem.get(first) ?? []).some(
      (entry) => entry.stems[0] === first && entry.stems[1] === second,
    );
  }

  /** Scoring over a token list (MATCH_WEIGHTS): keywords, phrases, aliases, typos. */
  private score(tokens: Token[]): Map<string, Scored> {
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
      for (const entry of this.index.singleWord.get(token.stem) ?? []) {
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
      for (const entry of this.index.phrasesByStem.get(token.stem) ?? []) {
        phraseCandidates.add(entry);
      }
      if (this.index.knownStems.has(token.stem)) exactTokens.add(token.pos);
    }
    for (const entry of phraseCandidates) {
      const hit = this.phraseHit(entry, tokens, positionsByStem);
      if (hit) hits.push(hit);
    }
    for (const token of tokens) {
      if (exactTokens.has(token.pos) || token.stem.length < 4 || FILLER_WORDS.has(token.raw)) {
        continue;
      }
      if (cardinal(token.raw) !== null) continue;
      hits.push(...this.typoHits(token));
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
        element: this.index.byId.get(id) as IndexedElement,
        score: kept.reduce((sum, hit) => sum + hit.weight, 0),
        hits: kept,
        evidence,
        strong,
        clauseScore,
        bestClause,
      });
    }
    return result;
  }

  private phraseHit(
    entry: KeywordEntry,
    tokens: Token[],
    positionsByStem: Map<string, Token[]>,
  ): Hit | null {
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
  }

  private typoHits(token: Token): Hit[] {
    const grams = trigrams(token.stem);
    const candidates = new Set<number>();
    for (const gram of grams) {
      for (const target of this.index.typoByGram.get(gram) ?? []) candidates.add(target);
    }
    let bestSimilarity = 0;
    let bestTargets: number[] = [];
    for (const candidate of candidates) {
      const target = this.index.typoTargets[candidate];
      if (!target || Math.abs(target.stem.length - token.stem.length) > 2) continue;
      const similarity = typoSimilarity(token.stem, grams, target.stem, target.grams);
      if (similarity < MIN_TYPO_SIMILARITY) continue;
      if (similarity > bestSimilarity) {
        bestSimilarity = similarity;
        bestTargets = [candidate];
      } else if (similarity === bestSimilarity) bestTargets.push(candidate);
    }
    return bestTargets.flatMap((candidate) =>
      (this.index.typoTargets[candidate]?.entries ?? []).map((entry) => ({
        entry,
        weight: MATCH_WEIGHTS.typo * bestSimilarity * (entry.isAlias ? 0.6 : 1),
        tokens: [token.pos],
        clause: token.clause,
        kind: 'typo' as const,
      })),
    );
  }

  /**
   * A variant below the direct threshold still counts when one of its hits is a full keyword
   * that no other element uses and that is not a generic answer word (e.g. "piloto" alone names
   * the brake light), or when its base is mentioned and it wins its clause clearly.
   */
  private distinctive(scored: Scored, parentMentioned: boolean): boolean {
    if (parentMentioned) return false; // the base path resolves it with the clause answer
    return scored.hits.some(
      (hit) =>
        (hit.kind === 'keyword' ||
          (hit.kind === 'phrase' && hit.weight >= MATCH_WEIGHTS.phraseFull)) &&
        hit.entry.stems.every(
          (s) =>
            !GENERIC_ANSWER_STEMS.has(s) &&
            (hit.kind !== 'keyword' || this.index.distinctiveStems.has(s)),
        ),
    );
  }

  /**
   * Multi-select words of a base ("ambas", "las dos", "delanteros y traseros") in the same
   * sentence as the mention, compared literally (folded, not stemmed: "todo" is not "todos").
   */
  private multiSelectHit(
    base: IndexedElement,
    tokens: Token[],
    sentences: Set<number>,
  ): number[] | null {
    const positive = tokens.filter((token) => !token.negated && sentences.has(token.sentence));
    const contentOnly = positive.filter((token) => token.content || token.raw === 'y');
    for (const phrase of base.multiSelect) {
      const words = phrase.filter((word) => !STOPWORDS.has(word) || word === 'y');
      // "las dos" / "los dos" must be literal: a bare "dos" is a quantity, not "both".
      const literal = words.length === 1 && cardinal(words[0]) !== null;
      const hit = this.findRun(literal ? positive : contentOnly, literal ? phrase : words);
      if (hit) return hit;
    }
    return null;
  }

  private findRun(tokens: Token[], words: string[]): number[] | null {
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
  }

  /**
   * Variant-answer scoring (how a reply to a variant question picks the variant) applied to the
   * clause where the base was mentioned: +0.8 per keyword present, +0.4×overlap for partial
   * phrases, +0.7 when the variant code's words appear, +0.3×overlap with the variant's own name
   * words.
   */
  private answerInClause(
    options: IndexedElement[],
    tokens: Token[],
    scored: Scored,
  ): { element: IndexedElement; tokens: number[] } | null {
    const clauses = new Set(scored.hits.map((hit) => hit.clause));
    const clauseTokens = tokens.filter((t) => t.content && !t.negated && clauses.has(t.clause));
    const ranked = options
      .map((option) => ({ option, ...scoreAnswer(option, clauseTokens) }))
      .sort((a, b) => b.score - a.score);
    const [best, second] = ranked;
    if (!best || best.score < 0.8) return null;
    if (second && second.score >= best.score * 0.8) return null;
    return { element: best.option, tokens: best.tokens };
  }

  private question(base: IndexedElement, options: IndexedElement[]): VariantQuestion {
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
  }

  /** Explicit cardinal before the element's first evidence ("dos escapes", "2 faros"), else 1. */
  private quantity(tokens: Token[], scored: Scored): number {
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
  }

  private terms(tokens: Token[], evidence: Set<number>): string[] {
    return tokens.filter((token) => evidence.has(token.pos)).map((token) => token.raw);
  }

  /** Consecutive content words that are neither evidence, filler, numbers nor negations. */
  private unmatched(tokens: Token[], used: Set<number>): string[] {
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
  }
}

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

const round = (value: number): number => Math.round(value * 100) / 100;
