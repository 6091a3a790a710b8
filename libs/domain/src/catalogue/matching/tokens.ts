/**
 * Lexing: turns a message into word tokens numbered by clause and sentence, and decides which
 * words sit inside a negation scope ("todo menos el escape", "no quiero", "sin ..."). Scoring
 * runs separately on positive and negated tokens, and variants are judged per clause, so these
 * boundaries decide what counts as a request, an exclusion or an answer.
 */
import { CatalogueIndex } from '../catalogue-index';
import { STOPWORDS, stem } from '../text';

/** Removal verbs and "except" words: negate the rest of the sentence. */
export const NEGATION_WORDS = new Set(['excepto', 'menos', 'salvo', 'quitando', 'quitar', 'quita']);
/** "no" opens a negation only before these ("no quiero ..."); "no afecta" is not one. */
const NO_FOLLOWERS = new Set(['quiero', 'necesito', 'incluir', 'incluyas', 'hace', 'cuentes']);
const CLAUSE_WORDS = new Set(['y', 'e', '+', 'ademas', 'tambien', 'pero', 'aparte']);
/** Clause words that also end a sentence-wide negation ("menos el escape, pero sí ..."). */
const POSITIVE_RESET_WORDS = new Set(['pero', 'ademas', 'tambien', 'aparte']);

export interface Token {
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

/** Word tokens with clause numbers and negation scopes. */
export const tokenizeMessage = (index: CatalogueIndex, text: string): Token[] => {
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
    else if (raw === 'sin' && !startsPhrase(index, stem(raw), words, i)) negationScope = 'clause';
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
};

/** "sin" starts a catalogue phrase ("sin mmr", "sin galibo") rather than a negation. */
const startsPhrase = (
  index: CatalogueIndex,
  first: string,
  words: string[],
  at: number,
): boolean => {
  const nextContent = words.slice(at + 1).find((word) => !STOPWORDS.has(word));
  if (!nextContent) return false;
  const second = stem(nextContent);
  return (index.phrasesByStem.get(first) ?? []).some(
    (entry) => entry.stems[0] === first && entry.stems[1] === second,
  );
};
