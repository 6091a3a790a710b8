import { isCompletionPhrase } from './completion';
import { NormalisedText, normalise } from './normalise';
import { Intent } from './types';

/**
 * Intent rules over the normalised text (folded, shorthand spelled out). Several intents may
 * hold at once ("hola, ¿cuánto cuesta?" → greeting + price_question).
 */

interface IntentRule {
  intent: Intent;
  patterns: readonly RegExp[];
  /**
   * A negation right before the cue cancels it ("no quiero hablar con una persona"), as does,
   * for `conditional`, a hypothetical ("¿y si cancelo luego?").
   */
  negatable?: boolean;
  conditional?: boolean;
  /** Only counts in a question (raw "?" or interrogative start). */
  questionOnly?: boolean;
}

const w = (source: string): RegExp => new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`);

/** Data and section nouns an edit refers to ("cambiar el email", "modificar los datos del taller"). */
export const DATA_NOUNS =
  'datos?|nombre|apellidos?|dni|nif|cif|nie|e ?mail|correo|direccion|domicilio|calle|localidad|ciudad|provincia|cp|codigo postal|matricula|placa|bastidor|vin|marca|modelo|ano|taller|telefono|tlf|itv|documentacion|documentos|fotos?|elementos?|reformas?|vehiculo|algo|una cosa|respuesta|lo que (?:puse|te dije|escribi)';

const EDIT_VERBS =
  'cambiar|cambia|cambiame|cambiadme|cambiad|modificar|modifica|modificame|editar|edita|corregir|corrige|corregidme|actualizar|actualiza|rectificar';

const RULES: readonly IntentRule[] = [
  {
    intent: 'greeting',
    patterns: [
      w('hola+|buenos dias|buenas tardes|buenas noches|buen dia|saludos'),
      /^(?:buenas|hey|ey|ei|hello|hi|muy buenas|que pasa)(?![a-z0-9])/,
    ],
  },
  {
    intent: 'thanks',
    patterns: [
      w('gracias|mil gracias|te lo agradezco|os lo agradezco|agradecid[oa]|se agradece|merci'),
    ],
  },
  {
    intent: 'goodbye',
    patterns: [
      w(
        'adios|hasta luego|hasta pronto|hasta manana|hasta otra|hasta la proxima|chao|nos vemos|que vaya bien|un saludo',
      ),
    ],
  },
  {
    intent: 'cancel',
    negatable: true,
    conditional: true,
    patterns: [
      w('cancela|cancelar|cancelalo|cancelala|cancelarlo|cancelad|cancelo|cancelen|cancelame'),
      w('anula|anular|anulalo|anuladlo|anulad'),
      w('dejalo|dejadlo|dejemoslo|olvidalo|olvidadlo|olvidate|da igual dejalo'),
      w(
        'desisto|no sigas|no sigais|no continues|para el expediente|borra el expediente|borrad el expediente',
      ),
    ],
  },
  {
    intent: 'cancel',
    patterns: [
      w('ya no (?:lo |la )?(?:quiero|necesito|me interesa|hace falta)'),
      w('no (?:lo )?quiero (?:seguir|continuar)|no quiero hacerlo|no me interesa(?: ya| mas)?'),
    ],
  },
  {
    intent: 'human',
    negatable: true,
    patterns: [
      w(
        'hablar con (?:una |un |alguna |algun |el |la |vuestro |vuestra )?(?:persona|humano|humana|ser humano|agente|operador|operadora|asesor|asesora|comercial|alguien|responsable|trabajador|empleado|tecnico|ingeniero|encargado|gestor|gestora|gente)',
      ),
      w(
        '(?:un|una|con un|con una) (?:humano|humana|persona real|persona de verdad)|persona de verdad|persona real',
      ),
      w('agente|operador|operadora|atencion humana|atencion personal|atencion al cliente'),
      w(
        'me (?:llamais|llamas|llamaran|podeis llamar|puedes llamar|llamen|pueden llamar|podrias llamar|podriais llamar)|llamadme|llamame|llamarme|que me llame alguien|que me llamen',
      ),
      w('prefiero hablar|pasame con|ponme con|pasadme con|ponedme con|hablar por telefono'),
    ],
  },
  {
    intent: 'status',
    patterns: [
      w(
        'como (?:va|van|vais|lleva|llevais|esta|anda|sigue) (?:mi |el |la |lo |mis |los )?(?:expediente|tramite|caso|homologacion|solicitud|pedido|proceso|papeleo|gestion|mio|lo mio|todo|eso|la cosa)',
      ),
      w(
        '(?:estado|situacion) (?:de|del) (?:mi |el |la )?(?:expediente|tramite|caso|homologacion|solicitud|proceso|pedido)',
      ),
      /^(?:y )?(?:el )?estado(?: del expediente)?$/,
      /^(?:y )?(?:como|que tal) (?:va|vamos|lo llevais|va eso|va la cosa)$/,
      w(
        'en que (?:punto|estado|fase|paso) (?:esta|estamos|va|anda|se encuentra|lo teneis|esta lo mio)',
      ),
      w(
        'que (?:me )?falta(?: por (?:enviar|mandar))?|que mas (?:necesitais|os falta|falta)|falta algo',
      ),
      w(
        'hay (?:alguna )?novedad(?:es)?|alguna novedad|se sabe algo|sabeis algo|como vamos|que tal va|como lo llevais',
      ),
    ],
  },
  {
    intent: 'why',
    patterns: [
      w(
        '(?:por que|para que) (?:\\w+ ){0,2}(?:necesit\\w*|quer\\w*|ped\\w*|hace falta|sirve|es necesario|os hace falta|hay que|tengo que|debo|pide|piden)',
      ),
      /^(?:y )?(?:eso )?(?:por que|para que)$/,
      w('y eso por que|y eso para que|con que fin|para que lo quereis|para que lo necesitais'),
    ],
  },
  {
    intent: 'why',
    questionOnly: true,
    patterns: [/^(?:y |pero |vale |ok )?(?:eso )?(?:por que|porque|para que)(?![a-z0-9])/],
  },
  {
    intent: 'price_question',
    patterns: [
      w(
        'cuanto (?:me )?(?:cuesta|cuestan|vale|valen|sale|salen|costaria|costarian|cobrais|cobran|cobras|cobrariais|seria|es|son|era|eran|costaba|salia|pago|saldria|va a costar|va a salir)|cuanto me (?:va a )?(?:cuesta|costaria|sale|saldria|cobrais|costar|salir)',
      ),
      w('precios?|coste|costes|costo|tarifas?|presupuesto|euros|importe'),
      w(
        'que (?:me )?(?:cuesta|vale|sale|costaria|cobrais)|cuanto seria|cuanto es|cuanto dinero|cuanta pasta|cuanto cobrais',
      ),
    ],
  },
  {
    intent: 'price_question',
    questionOnly: true,
    patterns: [/^(?:y )?cuanto$/],
  },
  {
    intent: 'included_question',
    patterns: [
      w(
        'inclu(?:ye|yen|ido|ida|idos|idas|ir|iria|is|yendo)|entra en el precio|que (?:cubre|entra)|con iva|iva',
      ),
    ],
  },
  {
    intent: 'documents_question',
    patterns: [
      w(
        '(?:que|cuales|cuantos|cuantas|cual) (?:son )?(?:los |las )?(?:documentos|documentacion|papeles|fotos|fotografias|archivos|imagenes|papeleo)',
      ),
      w(
        'documentacion (?:necesaria|requerida|que)|documentos (?:necesarios|que|requeridos|hacen falta)|papeles (?:necesarios|que)',
      ),
      w(
        'que (?:tengo|hay|debo|necesito) que (?:enviar|mandar|aportar|presentar|subir|adjuntar|llevar)|que (?:os )?(?:envio|mando|adjunto)|que necesitais(?: de mi)?|que hace falta|que os hace falta',
      ),
    ],
  },
  {
    intent: 'services_question',
    patterns: [
      w(
        'urgencia|urgencias|urgente|express|expres|prioridad|prioritario|mas rapido|acelerar|servicios? (?:adicional|adicionales|extra|extras)|extras|ensayos?',
      ),
    ],
  },
  {
    intent: 'workshop_question',
    patterns: [
      w(
        'certificado (?:del |de |de un |de el )?taller|que (?:es|significa) (?:el |lo del |eso del )?taller|taller propio|taller colaborador',
      ),
    ],
  },
  {
    intent: 'workshop_question',
    questionOnly: true,
    patterns: [w('talleres|taller')],
  },
  {
    intent: 'timing_question',
    patterns: [
      w(
        'cuanto (?:tiempo|tarda|tardan|tardais|tardas|se tarda|dura|demora|tardaria|tardariais|lleva|se demora)',
      ),
      w(
        'plazos?|en cuanto tiempo|cuantos dias|cuantas semanas|cuantos meses|tiempo de (?:espera|entrega|tramitacion|respuesta)|para cuando|demora',
      ),
      w(
        'cuando (?:estara|esta|estaria|estaran|lo tendre|lo tengo|tendre|tendria|me lo|lo teneis|termina|terminais|acaba|acabais|sale|saldria|podre|puedo pasar|lo tendria|lo tienen|empezais|empezamos)',
      ),
    ],
  },
  {
    intent: 'timing_question',
    questionOnly: true,
    patterns: [w('tarda|tardan|tardais|tardara|tardaran|tardaria|tardariais|tardareis')],
  },
  {
    intent: 'restart',
    patterns: [
      w(
        '(?:empezar|comenzar|empezamos|comenzamos|empiezo|empecemos|iniciar|empezar todo) (?:de nuevo|de cero|desde cero|otra vez|desde el principio)',
      ),
      w(
        'volver a empezar|volvemos a empezar|reiniciar|reinicia|reset|desde el principio|otro presupuesto|nuevo presupuesto|otro expediente|nuevo expediente|otra homologacion|otra consulta distinta',
      ),
    ],
  },
  {
    intent: 'edit',
    negatable: true,
    patterns: [
      w(`(?:${EDIT_VERBS})(?: (?:\\w+ ){0,3}?)(?:${DATA_NOUNS})`),
      new RegExp(
        `^(?:quiero |quisiera |puedo |podria |necesito )?(?:${EDIT_VERBS})(?: algo| una cosa| un dato| datos)?$`,
      ),
    ],
  },
  {
    intent: 'correction',
    patterns: [
      w('me (?:he )?(?:equivocado|equivoque|equivoco|confundi|confundido|colado|liado)'),
      w(
        'corrijo|correccion|rectifico|quise decir|queria decir|en realidad (?:es|son|era)|(?:lo |la |los |las )?(?:escribi|puse|he puesto|he escrito|has puesto) mal|(?:puesto|escrito) mal|esta mal|estan mal|(?:fallo|error) mio',
      ),
      w(
        '(?:hay )?un error en|la (?:buena|correcta) es|el (?:bueno|correcto) es|(?:perdon|perdona|disculpa|disculpe|ups|uy)(?: \\w+){0,3} (?:es|era|son)',
      ),
      w('no es \\S+(?: \\S+){0,2},? (?:es|sino)'),
    ],
  },
  {
    intent: 'chitchat',
    patterns: [
      w('que tal(?: estas| andas| te va| todo)?|como estas|como andas|como te va'),
      w(
        'eres (?:un |una )?(?:bot|robot|humano|humana|persona|ia|maquina|inteligencia artificial|chatgpt|real)|eres real|quien eres|como te llamas|estas ahi',
      ),
      w('jaja|lol'),
      w('futbol|partido de|champions|la liga|el madrid|el barca|el atleti'),
      w('(?:que|hace) (?:calor|frio|buen tiempo|mal tiempo)|llueve|lloviendo'),
      w('chiste|aburrid[oa]|te quiero|que haces'),
    ],
  },
];

const NEGATORS = new Set(['no', 'ni', 'nunca', 'tampoco', 'sin']);
/** Words that may stand between a negation and what it negates ("no hace falta que me llaméis"). */
const NEGATION_BRIDGE = new Set([
  'quiero',
  'quisiera',
  'necesito',
  'hace',
  'falta',
  'que',
  'me',
  'nos',
  'hay',
  'es',
  'necesario',
  'deseo',
  'voy',
  'a',
  'vais',
  'lo',
  'la',
  'te',
  'os',
  'hacer',
  'tienes',
  'teneis',
  'tengo',
  'pienso',
  'quiere',
  'vayas',
  'vayais',
  'por',
  'favor',
  'se',
]);
const CONDITIONALS = new Set(['si', 'puedo', 'podria', 'podre', 'podemos', 'puede', 'se']);

const wordsBefore = (norm: string, index: number): string[] =>
  norm.slice(0, index).trim().split(' ').filter(Boolean).reverse();

const negated = (norm: string, index: number, conditional: boolean): boolean => {
  const before = wordsBefore(norm, index);
  for (const [i, word] of before.slice(0, 5).entries()) {
    if (NEGATORS.has(word)) return true;
    if (conditional && CONDITIONALS.has(word) && i <= 2) return true;
    if (!NEGATION_BRIDGE.has(word)) return false;
  }
  return false;
};

const INTERROGATIVE_START =
  /^(?:y |pero |vale |ok |oye |una pregunta |otra pregunta )?(?:que|cual|cuales|cuanto|cuanta|cuantos|cuantas|como|cuando|donde|adonde|quien|quienes|por que|para que|para cuando|puedo|puedes|podeis|podria|podrias|podriais|se puede|teneis|tienes|sabes|sabeis|es necesario|hace falta|hay que)(?![a-z0-9])/;
const NOT_A_QUESTION =
  /^(?:que si|que no|que va|como quieras|como quierais|como veas|como no|cuando quieras|cuando puedas|cuando querais|donde sea|que bien|que guay|que suerte|por que no$)(?![a-z0-9])/;

export function isQuestionText(text: NormalisedText): boolean {
  if (text.questionMark) return true;
  return INTERROGATIVE_START.test(text.norm) && !NOT_A_QUESTION.test(text.norm);
}

/** Every intent the message carries. */
export function detectIntents(input: string | NormalisedText): Set<Intent> {
  const text = typeof input === 'string' ? normalise(input) : input;
  const intents = new Set<Intent>();
  const question = isQuestionText(text);
  for (const rule of RULES) {
    if (intents.has(rule.intent) || (rule.questionOnly && !question)) continue;
    for (const pattern of rule.patterns) {
      const global = new RegExp(pattern.source, 'g');
      const hit = [...text.norm.matchAll(global)].some(
        (match) =>
          !(rule.negatable || rule.conditional) ||
          !negated(text.norm, match.index, rule.conditional ?? false),
      );
      if (hit) {
        intents.add(rule.intent);
        break;
      }
    }
  }
  if (isCompletionPhrase(text.raw)) intents.add('done');
  return intents;
}
