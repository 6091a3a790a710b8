import { editDistance } from '../../catalogue/text';
import { detectIntents, isQuestionText } from './intents';
import { NormalisedText, normalise, phrases } from './normalise';
import { Confirmation, Intent } from './types';

/**
 * Yes / no / not sure to a yes-no question ("¿Quieres que abra el expediente?"). Rejections win
 * over everything; then doubts and questions; then a message that starts with a yes. Text that is
 * about something else (a greeting, an element list, a hand-over request) is null.
 */

const AFFIRMATIVE: readonly string[] = [
  'si',
  'sip',
  'sep',
  'see',
  'yes',
  'yep',
  'dale',
  'vale',
  'ok',
  'claro',
  'claro que si',
  'por supuesto',
  'desde luego',
  'perfecto',
  'perfect',
  'genial',
  'estupendo',
  'fenomenal',
  'guay',
  'venga',
  'adelante',
  'de acuerdo',
  'hagamoslo',
  'hazlo',
  'hacedlo',
  'me parece bien',
  'me parece perfecto',
  'me parece genial',
  'me parece correcto',
  'me vale',
  'me sirve',
  'me interesa',
  'me va bien',
  'nos vale',
  'correcto',
  'exacto',
  'eso es',
  'afirmativo',
  'confirmo',
  'confirmado',
  'acepto',
  'aceptado',
  'aceptamos',
  'sin problema',
  'como quieras',
  'cuando quieras',
  'lo que digas',
  'quiero abrirlo',
  'quiero abrir el expediente',
  'quiero el expediente',
  'quiero seguir',
  'quiero continuar',
  'abrelo',
  'abridlo',
  'abre el expediente',
  'abrid el expediente',
  'abre expediente',
  'adelante con el expediente',
  'adelante con ello',
  'adelante con todo',
  'vamos',
  'vamos alla',
  'tira',
  'tirale',
  'bien',
  'muy bien',
  'todo bien',
  'esta bien',
  'si quiero',
  'lo quiero',
  'seguimos',
  'sigamos',
  'continua',
  'continuamos',
  'sigue',
  'adelante pues',
  'por favor',
  'hecho',
  'trato hecho',
  'seguro',
  'por supuesto que si',
  'okey dokey',
  '__yes',
];

/** Emphasis and politeness around a yes ("pues sí, gracias"). */
const AROUND = new Set([
  'pues',
  'bueno',
  'entonces',
  'eh',
  'ah',
  'oh',
  'oye',
  'mira',
  'hombre',
  'mujer',
  'yo',
  'creo',
  'que',
  'gracias',
  'muchas',
  'mil',
  'todo',
  'ya',
  'hola',
  'buenas',
  'jaja',
  'y',
  'tio',
  'tia',
  'eso',
]);

const REJECTION_START = new Set([
  'no',
  'nop',
  'nope',
  'nah',
  'na',
  'nel',
  'negativo',
  'paso',
  'jamas',
]);

const REJECTION = phrases([
  'mejor no',
  'ahora no',
  '(?:ahora|de momento|por ahora|hoy|todavia|aun|por el momento)(?: mismo)? no',
  'todavia no',
  'aun no',
  '(?:me )?lo (?:pienso|pensare|pensamos|pensaremos|estoy pensando|voy a pensar|tengo que pensar)',
  'tengo que pensarlo',
  'dejame pensarlo',
  'dejame que lo piense',
  'me lo tengo que pensar',
  'ya te (?:dire|digo algo|aviso|contare)',
  'ya os (?:dire|digo algo|aviso)',
  'te aviso',
  'otro dia',
  'en otro momento',
  'mas adelante',
  'no quiero',
  'no gracias',
  'no me interesa',
  'no hace falta',
  'prefiero esperar',
  'espera',
  'esperad',
  'esperame',
  'espere',
  'un momento',
  'un segundo',
  'para nada',
  'ni hablar',
  'ni de cona',
  'que va',
  'negativo',
]);

/** "no" phrases that are not a refusal, rewritten before looking for one. */
const NEUTRALISE: readonly (readonly [RegExp, string])[] = [
  [
    phrases([
      'no (?:lo )?se',
      'no estoy segur[oa]',
      'no (?:lo )?tengo claro',
      'no me queda claro',
      'no entiendo',
      'no lo entiendo',
      'no sabria decir',
    ]),
    '__unsure',
  ],
  [
    phrases([
      'no hay problema',
      'no problem',
      'por que no',
      'como no',
      'no pasa nada',
      'no veo por que no',
    ]),
    '__yes',
  ],
];

const UNSURE = phrases([
  '__unsure',
  'puede',
  'puede ser',
  'quizas',
  'quiza',
  'tal vez',
  'a lo mejor',
  'depende',
  'mmm',
  'ni idea',
  'supongo',
  'dudo',
  'una duda',
  'una pregunta',
  'pregunta',
  'dime',
  'dimelo',
  'explicame',
  'cuentame',
  'antes de',
  'primero',
]);

/** A yes followed by a reservation ("sí, pero…") is not a yes yet. */
const RESERVATION = phrases([
  'pero',
  'aunque',
  'antes',
  'primero',
  'eso si',
  'siempre que',
  'solo si',
]);

/** Real words one or two letters away from a yes ("caro" is not "claro"). */
const NOT_TYPOS = new Set([
  'caro',
  'cara',
  'raro',
  'claros',
  'sale',
  'male',
  'valle',
  'nada',
  'pero',
  'para',
  'pues',
  'otra',
  'otro',
  'vaya',
  'venta',
  'dame',
  'dile',
  'dale',
  'vela',
  'bien',
  'vine',
  'oye',
  'hola',
  'cuanto',
  'perfil',
  'correo',
  'clara',
  'calor',
  'como',
  'tal',
  'dado',
  'dato',
  'data',
  'datos',
  'casa',
  'cosa',
  'cada',
  'vida',
  'vino',
  'veo',
  'vemos',
  'vengo',
  'venia',
  'aceite',
  'clase',
  'clavo',
  'general',
  'gente',
  'correos',
  'corto',
  'perdon',
  'abrir',
  'abro',
  'adelanto',
  'dale',
  'dile',
  'date',
  'vale',
]);

/** Content that is a request, not an answer ("quiero homologar también las luces"). */
const REQUEST = phrases([
  'quiero',
  'queria',
  'quisiera',
  'necesito',
  'necesitaria',
  'homolog\\w*',
  'legaliz\\w*',
  'tengo',
  'tambien',
  'ademas',
  'anad\\w*',
  'quita\\w*',
  'he puesto',
  'he cambiado',
  'he montado',
  'llevo',
  'lleva',
  'instal\\w*',
]);

/** Intents that, without a yes or no, make the message about something else. */
const ELSEWHERE: ReadonlySet<Intent> = new Set([
  'greeting',
  'thanks',
  'goodbye',
  'human',
  'status',
  'restart',
  'edit',
  'correction',
  'chitchat',
  'done',
]);

/** Yes words long and distinctive enough to be recognised with a typo. */
const TYPO_TARGETS = [
  'vale',
  'dale',
  'claro',
  'perfecto',
  'genial',
  'estupendo',
  'fenomenal',
  'venga',
  'adelante',
  'hagamoslo',
  'correcto',
  'exacto',
  'afirmativo',
  'confirmo',
  'confirmado',
  'acepto',
  'aceptado',
  'abrelo',
];
const AFFIRMATIVE_WORDS = AFFIRMATIVE.map((p) => p.split(' ')).sort((a, b) => b.length - a.length);

const isTypoOfYes = (word: string): boolean => {
  if (word.length < 4 || NOT_TYPOS.has(word)) return false;
  const max = Math.min(2, Math.floor(word.length / 2));
  return TYPO_TARGETS.some((yes) => yes[0] === word[0] && editDistance(word, yes, max) <= max);
};

/** Whether the message opens with a yes (after greetings and fillers). */
const startsWithYes = (words: readonly string[]): boolean => {
  let i = 0;
  let yes = false;
  while (i < words.length) {
    const phrase = AFFIRMATIVE_WORDS.find((candidate) =>
      candidate.every((word, k) => words[i + k] === word),
    );
    if (phrase) {
      yes = true;
      i += phrase.length;
    } else if (AROUND.has(words[i] ?? '')) {
      i += 1;
    } else {
      break;
    }
  }
  if (yes) return true;
  // Short replies with a typo: "vakle", "perfeto", "calro".
  const meaningful = words.filter((word) => !AROUND.has(word));
  return (
    words.length <= 2 &&
    meaningful.length > 0 &&
    meaningful.every((word) => isTypoOfYes(word) || AFFIRMATIVE.includes(word))
  );
};

const isRejection = (words: readonly string[], norm: string, questionMark: boolean): boolean => {
  const first = words.find(
    (word) => !['pues', 'bueno', 'eh', 'ah', 'uy', 'uf', 'oh', 'hombre'].includes(word),
  );
  if (first && REJECTION_START.has(first)) return true;
  // A final "no" refuses ("creo que no"), unless it is a tag question ("es caro, ¿no?").
  if (words[words.length - 1] === 'no' && words.length > 1 && !questionMark) return true;
  return REJECTION.test(norm);
};

export function classifyText(
  text: NormalisedText,
  intents: ReadonlySet<Intent>,
): Confirmation | null {
  let norm = text.norm;
  for (const [pattern, marker] of NEUTRALISE)
    norm = norm.replace(new RegExp(pattern.source, 'g'), marker);
  const words = norm ? norm.split(' ') : [];
  if (words.length === 0) return null;
  // Cancelling is a refusal unless negated or hypothetical ("¿y si cancelo luego?").
  if (isRejection(words, norm, text.questionMark) || intents.has('cancel')) return 'rejected';

  const yes = startsWithYes(words);
  const question = isQuestionText(text);
  const elsewhere = intents.size > 0 && [...intents].every((intent) => ELSEWHERE.has(intent));
  if (!yes && elsewhere) return null;
  if (question || UNSURE.test(norm) || (yes && RESERVATION.test(norm))) return 'uncertain';
  if (yes) return 'confirmed';
  if (words.length > 5 && !REQUEST.test(norm)) return 'uncertain';
  return null;
}

export function classifyConfirmation(text: string): Confirmation | null {
  const normalised = normalise(text);
  return classifyText(normalised, detectIntents(normalised));
}
