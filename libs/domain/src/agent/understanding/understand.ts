import { CaseFieldKey, detectFieldByShape, fieldDef, findLabelledValue } from '../case-data';
import { classifyText } from './confirmation';
import { detectIntents, isQuestionText } from './intents';
import { NormalisedText, foldMessage, normalise } from './normalise';
import { SectionName, Understanding } from './types';

const w = (source: string): RegExp => new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`);

/** Section words, most specific first ("la foto del DNI" is documentation, not personal data). */
const SECTION_WORDS: readonly (readonly [SectionName, RegExp])[] = [
  ['workshop', w('talleres|taller')],
  [
    'documentation',
    w(
      'documentacion|documentos|papeles|fotos|foto|fotografias|imagenes|ficha tecnica|ficha|permiso de circulacion',
    ),
  ],
  [
    'elements',
    w(
      'elementos|elemento|reformas|reforma|piezas|pieza|modificaciones|lo que (?:quiero|queria|voy a) homologar|lo que homologo',
    ),
  ],
];
const LATE_SECTION_WORDS: readonly (readonly [SectionName, RegExp])[] = [
  ['vehicle', w('vehiculo|coche|moto|motocicleta|furgoneta|furgo|autocaravana|camper|caravana')],
  ['personal', w('datos personales|mis datos|personales|titular|mi direccion')],
];

/** The section an edit or correction names, by its words or by the field it names. */
const sectionOf = (text: NormalisedText, field: CaseFieldKey | null): SectionName | null => {
  for (const [section, pattern] of SECTION_WORDS) if (pattern.test(text.norm)) return section;
  if (field) return fieldDef(field).section;
  for (const [section, pattern] of LATE_SECTION_WORDS) if (pattern.test(text.norm)) return section;
  return null;
};

const ADDRESS_FIELDS = new Set<CaseFieldKey>(['domicilio_calle', 'taller_domicilio']);

/** The new value after a correction cue: "no es X, es Y", "quise decir Y", "…, es Y", ": Y". */
const VALUE_AFTER_CUE: readonly RegExp[] = [
  /(?:^|[\s,.;])no es\s+\S+(?:\s+\S+){0,2}?\s*,?\s+(?:es|sino)\s+(?:(?:el|la|mi)\s+)?(.+)$/iu,
  /(?:quise|quer[ií]a)\s+decir\s+(.+)$/iu,
  /(?:^|[\s,.;])(?:es|son|era|ser[ií]a)\s*:?\s+(.+)$/iu,
  /:\s*(.+)$/u,
];

const cleanValue = (value: string, field: CaseFieldKey | null): string | null => {
  const cut = value.split(field && ADDRESS_FIELDS.has(field) ? /[\n;?!]/ : /[\n;?!,]/)[0] ?? '';
  const cleaned = cut
    .replace(/\s+(?:gracias|perdona|perdon|perdón|sorry)\s*$/iu, '')
    .replace(/[\s.,:;]+$/u, '')
    .trim();
  return cleaned || null;
};

/** A labelled "value" that is really the rest of the sentence ("el dni está mal, …"). */
const NOT_A_VALUE =
  /^(?:esta|estan|lo|la|los|las|mal|me|no|tambien|he|hay|era|tiene|tienes)(?![a-z0-9])/;

const correctionOf = (
  text: NormalisedText,
): { field: CaseFieldKey | null; value: string | null } => {
  const labelled = findLabelledValue(text.raw);
  let field: CaseFieldKey | null = labelled?.field ?? null;
  let value: string | null = null;
  const [noEs, ...others] = VALUE_AFTER_CUE;
  const contradiction = noEs?.exec(text.raw);
  if (contradiction?.[1]) value = cleanValue(contradiction[1], field);
  if (value === null && labelled?.value && !NOT_A_VALUE.test(foldMessage(labelled.value))) {
    value = labelled.value;
  }
  if (value === null) {
    for (const pattern of others) {
      const match = pattern.exec(text.raw);
      if (match?.[1]) {
        value = cleanValue(match[1], field);
        break;
      }
    }
  }
  if (value !== null && NOT_A_VALUE.test(foldMessage(value))) value = null;
  if (!field && value) field = shapeOf(value);
  return { field, value };
};

/** The field a bare value's shape reveals, ignoring a leading article ("del 2016" → anio). */
const shapeOf = (value: string): CaseFieldKey | null =>
  detectFieldByShape(value.replace(/^(?:del|de|el|la|los|las|un|una|mi)\s+/iu, ''));

/** "No, es 2016" right after the agent repeated a datum: a correction when the value has a shape. */
const BARE_CONTRADICTION = /^\s*no\s*[,.]?\s*(?:es|era|son)\s*:?\s+(.+?)[\s.!]*$/iu;

/**
 * Everything the engine needs from one customer message, without an LLM: intents, the answer
 * to a yes/no question, whether it asks something, and which section or field it corrects.
 */
export function understand(text: string): Understanding {
  const normalised = normalise(text);
  const intents = detectIntents(normalised);
  let correction: Understanding['correction'] = null;
  const bare = BARE_CONTRADICTION.exec(text)?.[1];
  const bareField = bare ? shapeOf(bare) : null;
  if (bare && bareField && !intents.has('correction')) {
    intents.add('correction');
    correction = { field: bareField, value: bare };
  } else if (intents.has('correction')) {
    correction = correctionOf(normalised);
  } else if (intents.has('edit')) {
    // "Cambia el email a ana@mail.com" corrects a datum in one go; "quiero cambiar el email"
    // names it, and its new value comes next.
    const labelled = findLabelledValue(text);
    // "Cambiar el taller" is the workshop section, not the workshop's name.
    const sectionWord = labelled?.field === 'taller_nombre' && !/\bnombre\b/.test(normalised.norm);
    if (labelled && (labelled.value || !sectionWord)) {
      const value = labelled.value ? cleanValue(labelled.value, labelled.field) : null;
      correction = {
        field: labelled.field,
        value: value !== null && NOT_A_VALUE.test(foldMessage(value)) ? null : value,
      };
      intents.add('correction');
    }
  }
  const section =
    intents.has('edit') || intents.has('correction')
      ? sectionOf(normalised, correction?.field ?? findLabelledValue(text)?.field ?? null)
      : null;
  return {
    raw: text,
    folded: normalised.folded,
    intents: intents,
    confirmation: classifyText(normalised, intents),
    isQuestion: isQuestionText(normalised),
    section,
    correction,
  };
}
