/** Lower case without diacritics: the form the lexicon and the trigram column are kept in. */
export const foldForSearch = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Collapses runs of spaces and tabs and trims each line; keeps line breaks. */
export const tidyLines = (text: string): string[] =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\t ]+/g, ' ').trim());

/**
 * Spanish words that carry no meaning for retrieval. The database's Spanish text-search
 * configuration drops its own list; this one keeps query analysis (typo correction, sentence
 * scoring) from spending effort on them.
 */
export const SPANISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a al algo algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos ' +
    'aqui asi cada como con contra cual cuales cuando cuanto cuantos de del desde donde dos el ' +
    'ella ellas ellos en entre era es esa esas ese eso esos esta estan estas este esto estos fue ' +
    'ha hay la las le les lo los mas me mi mis mucho muy nada ni no nos o otra otras otro otros ' +
    'para pero poco por porque que quien se segun ser si sin sobre son su sus tambien tan tanto ' +
    'te tiene tienen todo todos tu un una unas uno unos y ya puede pueden debe deben cuál qué ' +
    'cómo dónde cuándo hacer tengo quiero saber'
  )
    .split(' ')
    .map(foldForSearch),
);

/** Meaningful folded words of a text (≥ 3 letters, not stop words), in order, without repeats. */
export function contentWords(text: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const word of foldForSearch(text).match(/[a-zñ]{3,}/g) ?? []) {
    if (SPANISH_STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

/** A crude Spanish stem (first 5 letters) for comparing words across inflections. */
export const roughStem = (word: string): string => word.slice(0, 5);
