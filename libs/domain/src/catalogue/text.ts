/**
 * Spanish text helpers for element matching: accent/case folding, tokens, light stemming
 * (plural and gender endings), number words and typo similarity. Pure functions, no I/O.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower-case, accents stripped (NFD), ñ kept as n, anything but letters/digits/+/& as space. */
export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/[^a-z0-9+&]+/g, ' ')
    .trim();

/** Whitespace tokens of the folded text. */
export const tokenize = (text: string): string[] => {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/**
 * Light Spanish stemmer so "escapes" = "escape", "delanteras" = "delantero", "luces" = "luz":
 * drops a plural ending ("es" after a consonant, or "s"), then a final gender vowel, and maps a
 * final z to c. Words of 3 characters or fewer are left alone ("gas", "mmr", "led").
 */
export const stem = (word: string): string => {
  if (/^\d/.test(word)) return word;
  if (word.length <= 3) return word.endsWith('z') ? `${word.slice(0, -1)}c` : word;
  let w = word;
  if (w.length > 4 && w.endsWith('es') && !VOWELS.has(w[w.length - 3] ?? '')) {
    w = w.slice(0, -2);
  } else if (w.endsWith('s')) {
    w = w.slice(0, -1);
  }
  if (w.length > 3 && (w.endsWith('a') || w.endsWith('o') || w.endsWith('e'))) w = w.slice(0, -1);
  if (w.endsWith('z')) w = `${w.slice(0, -1)}c`;
  return w;
};

/**
 * Words that carry no element meaning: articles, prepositions, pronouns. "con"/"sin" are NOT
 * here: they distinguish variants ("con MMR", "sin galibo").
 */
export const STOPWORDS = new Set([
  'a',
  'al',
  'de',
  'del',
  'el',
  'la',
  'las',
  'lo',
  'los',
  'le',
  'les',
  'un',
  'una',
  'unos',
  'unas',
  'y',
  'e',
  'o',
  'u',
  'en',
  'por',
  'para',
  'que',
  'mi',
  'mis',
  'me',
  'se',
  'su',
  'sus',
  'tu',
  'tus',
  'te',
  'es',
  'son',
  'este',
  'esta',
  'estos',
  'estas',
  'ese',
  'esa',
  'esos',
  'esas',
  'muy',
  'ya',
]);

/** Words customers write around what they want, never reported as unrecognised terms. */
export const FILLER_WORDS = new Set([
  'hola',
  'buenas',
  'buenos',
  'dias',
  'tardes',
  'noches',
  'gracias',
  'quiero',
  'quisiera',
  'queria',
  'querria',
  'necesito',
  'necesitaria',
  'homologar',
  'homologacion',
  'legalizar',
  'legalizacion',
  'regularizar',
  'cambiar',
  'cambiado',
  'cambie',
  'cambio',
  'puesto',
  'poner',
  'pongo',
  'puse',
  'instalar',
  'instalado',
  'montar',
  'montado',
  'monte',
  'tengo',
  'tiene',
  'llevo',
  'lleva',
  'moto',
  'motocicleta',
  'mot',
  'vehiculo',
  'coche',
  'autocaravana',
  'caravana',
  'camper',
  'furgo',
  'furgoneta',
  'precio',
  'presupuesto',
  'cuanto',
  'cuesta',
  'cuestan',
  'costaria',
  'vale',
  'valdria',
  'sale',
  'saldria',
  'seria',
  'pasar',
  'itv',
  'favor',
  'porfa',
  'saber',
  'hacer',
  'he',
  'ha',
  'hay',
  'nuevo',
  'nueva',
  'nuevos',
  'nuevas',
  'otro',
  'otra',
  'otros',
  'otras',
  'tambien',
  'ademas',
  'bueno',
  'pues',
  'entonces',
  'algo',
  'solo',
  'como',
  'donde',
  'cual',
  'cuales',
  'si',
  'no',
  'con',
  'sin',
  'mas',
  'pero',
  'reforma',
  'reformas',
  'modificar',
  'modificado',
  'modificacion',
  'todo',
  'toda',
  'todos',
  'todas',
  'menos',
  'excepto',
  'salvo',
  'quitando',
  'quitar',
  'hecho',
  'ok',
  'vale',
  'mio',
  'mia',
  'original',
  'originales',
  'puedo',
  'podria',
  'podeis',
  'puedes',
  'hago',
  'dos',
  'tres',
  // Conversation around the request ("vuelvo a escribir", "te pregunto por…"): never an
  // element, and typo matching must not turn them into one ("escribir" ≈ "estriberas").
  'escribir',
  'escribo',
  'escribe',
  'escrito',
  'vuelvo',
  'volver',
  'vuelve',
  'pregunto',
  'preguntar',
  'pregunta',
  'preguntaba',
  'consulto',
  'consultar',
  'consulta',
  'consultaba',
  'decir',
  'digo',
  'dime',
  'decis',
  'mirar',
  'mira',
  'informacion',
  'info',
  'hablar',
  'llamar',
  'llamo',
  'tema',
  'duda',
  'dudas',
  'mensaje',
  'gustaria',
  'ayuda',
  'ayudar',
  'interesa',
  'interesaria',
]);

const NUMBER_WORDS: Record<string, number> = {
  un: 1,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  par: 2,
};

/** Cardinal value of a token ("dos", "2", "x2", "2x"), or null. Bounded to 1..20. */
export const cardinal = (token: string): number | null => {
  const word = NUMBER_WORDS[token];
  if (word !== undefined) return word;
  const match = /^(?:x)?(\d{1,2})(?:x|uds?|unidades)?$/.exec(token);
  if (!match) return null;
  const value = Number(match[1]);
  return value >= 1 && value <= 20 ? value : null;
};

/** Character-trigram set with word boundaries ("$es", "esc", …, "pe$"). */
export const trigrams = (word: string): Set<string> => {
  const padded = `$${word}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i += 1) grams.add(padded.slice(i, i + 3));
  return grams;
};

export const jaccard = (a: Set<string>, b: Set<string>): number => {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
};

/**
 * Optimal-string-alignment distance (Levenshtein + adjacent transposition), with an early exit
 * once every cell of a row exceeds `max` (callers only care about small distances).
 */
export const editDistance = (a: string, b: string, max = 2): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i += 1) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1] ?? max + 1;
};

/**
 * Typo similarity in [0, 1] between a customer token and a keyword: the better of trigram
 * Jaccard and 1 - editDistance/length (catches transpositions such as "escpae", which share
 * few trigrams).
 */
export const typoSimilarity = (
  token: string,
  tokenGrams: Set<string>,
  keyword: string,
  keywordGrams: Set<string>,
): number => {
  const byGrams = jaccard(tokenGrams, keywordGrams);
  const distance = editDistance(token, keyword, 2);
  const byEdits = distance > 2 ? 0 : 1 - distance / Math.max(token.length, keyword.length);
  return Math.max(byGrams, byEdits);
};
