import { foldText } from '../../catalogue/text';

/**
 * WhatsApp text as the understanding rules read it: emojis that carry a meaning become words,
 * case and accents are folded, and chat shorthand ("q", "xq", "porfa") is spelled out.
 */

const EMOJI_WORDS: readonly (readonly [RegExp, string])[] = [
  [/👍|✅|✔|☑|🆗/gu, ' ok '],
  [/👌/gu, ' vale '],
  [/🙏/gu, ' por favor '],
  [/💪|🙌|👏|🤝/gu, ' dale '],
  [/👎|❌|✖|🚫|🙅|⛔/gu, ' no '],
  [/👋/gu, ' hola '],
  [/😂|🤣|😅|😆|😹|😁/gu, ' jaja '],
  [/🤷/gu, ' no se '],
  [/🤔/gu, ' mmm '],
  [/€/gu, ' euros '],
];

/** Lower case, accents stripped, meaningful emojis as words, punctuation dropped, spaces collapsed. */
export function foldMessage(text: string): string {
  let replaced = text;
  for (const [pattern, word] of EMOJI_WORDS) replaced = replaced.replace(pattern, word);
  return foldText(replaced).replace(/\s+/g, ' ');
}

/** Chat shorthand spelled out, so rules are written once in full words. */
const SHORTHAND: Readonly<Record<string, string>> = {
  q: 'que',
  k: 'que',
  ke: 'que',
  xq: 'por que',
  pq: 'por que',
  xk: 'por que',
  pk: 'por que',
  porq: 'por que',
  x: 'por',
  xa: 'para',
  pa: 'para',
  d: 'de',
  tb: 'tambien',
  tmb: 'tambien',
  tbn: 'tambien',
  dnd: 'donde',
  cdo: 'cuando',
  qdo: 'cuando',
  xfa: 'por favor',
  xfavor: 'por favor',
  porfa: 'por favor',
  porfi: 'por favor',
  plis: 'por favor',
  pls: 'por favor',
  please: 'por favor',
  porfavor: 'por favor',
  ns: 'no se',
  nose: 'no se',
  nse: 'no se',
  bn: 'bien',
  nd: 'nada',
  grax: 'gracias',
  grcs: 'gracias',
  grs: 'gracias',
  thx: 'gracias',
  thanks: 'gracias',
  grasias: 'gracias',
  gracis: 'gracias',
  deacuerdo: 'de acuerdo',
  dacuerdo: 'de acuerdo',
  vle: 'vale',
  vl: 'vale',
  okey: 'ok',
  okay: 'ok',
  oki: 'ok',
  okis: 'ok',
  oka: 'ok',
  okas: 'ok',
  okk: 'ok',
  toy: 'estoy',
  tngo: 'tengo',
  tng: 'tengo',
  aki: 'aqui',
  msj: 'mensaje',
  wenas: 'buenas',
  bnas: 'buenas',
  bns: 'buenas',
  ola: 'hola',
  holi: 'hola',
  holis: 'hola',
  alo: 'hola',
  ciao: 'chao',
  chau: 'chao',
  bye: 'adios',
  palante: 'adelante',
  xd: 'jaja',
};

/**
 * Words whose repeated letters are emphasis ("siii", "holaa", "okk", "nooo"): repeated letters
 * are squeezed only when that yields one of these (so "llamo" and "correo" stay intact).
 */
const EMPHASIS_WORDS = new Set([
  'si',
  'no',
  'ok',
  'vale',
  'hola',
  'gracias',
  'claro',
  'dale',
  'venga',
  'genial',
  'perfecto',
  'buenas',
  'adios',
  'chao',
  'nop',
  'listo',
  'ya',
  'bien',
  'guay',
  'porfa',
  'eh',
  'ey',
  'hey',
  'va',
  'mmm',
  'jaja',
  'uf',
  'vamos',
  'adelante',
  'siempre',
  'nada',
]);

const squeeze = (word: string): string => word.replace(/(.)\1+/g, '$1');

const normaliseToken = (token: string): string => {
  if (/^(?:ja|je|ji|ha)+j?a?$/.test(token) && token.length >= 4) return 'jaja';
  if (/^m{2,}$|^hm+$/.test(token)) return 'mmm';
  const short = SHORTHAND[token];
  if (short) return short;
  if (EMPHASIS_WORDS.has(token)) return token;
  const squeezed = squeeze(token);
  if (EMPHASIS_WORDS.has(squeezed)) return squeezed;
  return SHORTHAND[squeezed] ?? token;
};

export interface NormalisedText {
  raw: string;
  folded: string;
  /** Folded words with shorthand spelled out and emphasis squeezed. */
  words: string[];
  /** `words` joined by single spaces, for phrase rules. */
  norm: string;
  /** The raw text has a question mark. */
  questionMark: boolean;
}

export function normalise(text: string): NormalisedText {
  const folded = foldMessage(text);
  const words = folded ? folded.split(' ').map(normaliseToken).join(' ').split(' ') : [];
  return { raw: text, folded, words, norm: words.join(' '), questionMark: /[?¿]/.test(text) };
}

/** Regex over `norm` for a phrase list: whole words, any of the phrases. */
export const phrases = (list: readonly string[]): RegExp =>
  new RegExp(`(?<![a-z0-9])(?:${list.map((p) => p.replace(/ /g, ' ')).join('|')})(?![a-z0-9])`);
