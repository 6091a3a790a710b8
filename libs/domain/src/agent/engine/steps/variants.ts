import { foldText, QuoteEngine, scoreAnswer, stem, STOPWORDS, tokenize } from '../../../catalogue';
import { PendingVariantQuestion } from '../state';

/** Ambiguity questions reuse the variant-question shape with this base-code prefix. */
export const AMBIGUITY_PREFIX = 'AMBIGUO:';

const GENERIC_ALL = ['ambas', 'ambos', 'las dos', 'los dos', 'todas', 'todos', 'las 2', 'los 2'];
const ORDINALS: Record<string, number> = {
  '1': 0,
  primera: 0,
  primero: 0,
  primer: 0,
  '2': 1,
  segunda: 1,
  segundo: 1,
  '3': 2,
  tercera: 2,
  tercero: 2,
  tercer: 2,
  '4': 3,
  cuarta: 3,
  cuarto: 3,
};

const hasPhrase = (folded: string, phrase: string): boolean => {
  const wanted = foldText(phrase);
  return wanted !== '' && ` ${folded} `.includes(` ${wanted} `);
};

const selectable = (engine: QuoteEngine, code: string): boolean =>
  engine.index.byCode.get(code)?.source.variantType !== 'accessory';

/** The one option the matcher's variant-answer scoring clearly prefers for a text, if any. */
const bestOption = (
  engine: QuoteEngine,
  options: PendingVariantQuestion['options'],
  text: string,
): string | null => {
  const tokens = tokenize(text)
    .filter((word) => !STOPWORDS.has(word))
    .map((word, pos) => ({ stem: stem(word), pos }));
  const ranked = options
    .map((option) => {
      const element = engine.index.byCode.get(option.code);
      const scored = element ? scoreAnswer(element, tokens).score : 0;
      const nameStems = tokenize(option.name)
        .filter((w) => !STOPWORDS.has(w))
        .map(stem);
      const overlap = nameStems.filter((s) => tokens.some((t) => t.stem === s)).length;
      return { code: option.code, score: scored + (element ? 0 : 0.3 * overlap) };
    })
    .sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  return best && best.score >= 0.3 && (!second || second.score < best.score * 0.8)
    ? best.code
    : null;
};

/**
 * Codes an answer picks for one pending question, or null: multi-select words take every
 * option, an ordinal picks by position, a yes/no answers a "con/sin" pair, otherwise the
 * matcher's variant-answer scoring must name one option clearly.
 */
export const resolveVariantAnswer = (
  engine: QuoteEngine,
  question: PendingVariantQuestion,
  text: string,
  confirmation: 'confirmed' | 'rejected' | 'uncertain' | null,
): string[] | null => {
  const folded = foldText(text);
  if (!folded) return null;
  const options = question.options;
  const multi = [
    ...question.multiSelectKeywords,
    ...(question.multiSelectKeywords.length > 0 || question.baseCode.startsWith(AMBIGUITY_PREFIX)
      ? GENERIC_ALL
      : []),
  ];
  if (multi.some((phrase) => hasPhrase(folded, phrase))) {
    const all = options.map((o) => o.code).filter((code) => selectable(engine, code));
    return all.length > 0 ? all : null;
  }
  const words = folded.split(' ');
  // "El faro y el piloto": each part names one option, so the answer takes them all.
  const parts = text.split(/,|\s+(?:y|e|m[aá]s)\s+/i).filter((part) => foldText(part) !== '');
  if (parts.length > 1) {
    const picked = parts.map((part) => bestOption(engine, options, part));
    if (picked.every((code): code is string => code !== null)) return [...new Set(picked)];
  }
  const ordinal =
    words.length <= 3 ? words.map((w) => ORDINALS[w]).find((i) => i !== undefined) : undefined;
  if (ordinal !== undefined && options[ordinal]) return [options[ordinal].code];

  const best = bestOption(engine, options, text);
  if (best) return [best];

  // "¿Afecta al gálibo?" → "no": the option named "sin …" against the other one.
  if (options.length === 2 && (confirmation === 'confirmed' || confirmation === 'rejected')) {
    const without = options.findIndex((o) => ` ${foldText(o.name)} `.includes(' sin '));
    if (without >= 0) {
      const other = options[1 - without];
      const picked = confirmation === 'rejected' ? options[without] : other;
      return picked ? [picked.code] : null;
    }
  }
  return null;
};
