import { CaseFieldKey } from './fields';

/**
 * Shapes that identify a field without a label. Order matters: longer and more specific shapes
 * are taken first so their characters are not read again (the digits of a DNI are no postcode).
 */

/** Provinces of the pre-2000 plates ("M 1234 AB"), so "DE 2015 A" is not read as a plate. */
const PLATE_PROVINCES = new Set(
  (
    'A AB AL AV B BA BI BU C CA CC CE CO CR CS CU GC GE GI GR GU H HU IB J L LE LO LU M MA ML MU ' +
    'NA O OR OU P PM PO S SA SE SG SH SO SS T TE TF TO V VA VI Z ZA'
  ).split(' '),
);

const EDGE_START = '(?<![A-Za-z0-9@._%+-])';
const EDGE_END = '(?![A-Za-z0-9])';

export interface ShapeRule {
  field: CaseFieldKey;
  pattern: RegExp;
  /** Extra check on the matched text (e.g. the province of an old plate). */
  accept?: (match: string) => boolean;
}

const hasLetterAndDigit = (value: string): boolean => /\d/.test(value) && /[A-Za-z]/.test(value);

/** Unmistakable shapes, in the order they are taken. */
export const SHAPES: readonly ShapeRule[] = [
  { field: 'email', pattern: /[^\s,;:<>()"'¿?¡!]+@[^\s,;:<>()"'¿?¡!]+\.[A-Za-z]{2,}/g },
  {
    field: 'bastidor',
    pattern: new RegExp(`${EDGE_START}[A-Za-z0-9]{17}${EDGE_END}`, 'g'),
    accept: (match) => hasLetterAndDigit(match) && (match.match(/[A-Za-z]/g) ?? []).length >= 2,
  },
  {
    field: 'dni_cif',
    pattern: new RegExp(`${EDGE_START}[XYZxyz][\\s-]?\\d{7}[\\s-]?[A-Za-z]${EDGE_END}`, 'g'),
  },
  {
    field: 'dni_cif',
    pattern: new RegExp(
      `${EDGE_START}[ABCDEFGHJNPQRSUVWabcdefghjnpqrsuvw]-?\\d{7}-?[0-9A-Ja-j]${EDGE_END}`,
      'g',
    ),
  },
  {
    field: 'dni_cif',
    pattern: new RegExp(
      `${EDGE_START}\\d{2}\\.?\\d{3}\\.?\\d{3}(?:-?[A-Za-z]|\\s[A-Z])${EDGE_END}`,
      'g',
    ),
  },
  {
    field: 'matricula',
    pattern: new RegExp(
      `${EDGE_START}(?:[RCrc][\\s-]?)?\\d{4}[\\s-]?[BCDFGHJKLMNPRSTVWXYZbcdfghjklmnprstvwxyz]{3}${EDGE_END}`,
      'g',
    ),
  },
  {
    field: 'matricula',
    // Old provincial plates only in capitals: lower-case "de 2015 a" is ordinary text.
    pattern: new RegExp(`${EDGE_START}([A-Z]{1,2})[\\s-]?\\d{4}[\\s-]?[A-Z]{1,2}${EDGE_END}`, 'g'),
    accept: (match) => PLATE_PROVINCES.has(/^[A-Z]+/.exec(match)?.[0] ?? ''),
  },
  {
    field: 'taller_telefono',
    pattern: /(?<![\d+])(?:(?:\+|00)34[\s.-]?)?[6789](?:[\s.-]?\d){8}(?!\d)/g,
  },
  { field: 'domicilio_cp', pattern: /(?<![\d.,/-])\d{5}(?![\d.,/-]?\d)/g },
  { field: 'anio', pattern: /(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?!\d)/g },
  {
    field: 'anio',
    pattern:
      /(?<![\d.,/-])(?:19\d{2}|20\d{2}|2100)(?![\d.,/-]?\d)(?!\s?(?:cc|cv|kg|km|mm|kw|hp|rpm|€|eur))/gi,
  },
];

/** The field whose unmistakable shape the whole value has ("1234 BCD" → matricula), or null. */
export function detectFieldByShape(value: string): CaseFieldKey | null {
  const text = value.trim().replace(/[.,;!]+$/, '');
  if (!text) return null;
  for (const rule of SHAPES) {
    const pattern = new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', ''));
    const match = pattern.exec(text);
    if (match && match[0].length === text.length && (rule.accept?.(match[0]) ?? true)) {
      return rule.field;
    }
  }
  return null;
}

/** Loose shapes for a value that follows its label, so a wrong value is still seen (and re-asked). */
export const LOOSE_SHAPES: Partial<Record<CaseFieldKey, RegExp>> = {
  email: /[^\s,;:<>()"'¿?¡!]*@[^\s,;:<>()"'¿?¡!]*/,
  dni_cif: /[A-Za-z]?-?\d[\d.-]{5,11}(?:-?[A-Za-z](?![A-Za-z]))?/,
  matricula: /(?:[A-Za-z]{1,2}[\s-]?)?\d{3,5}(?:[\s-]?[A-Za-zÑñ]{1,3}(?![A-Za-z]))?/,
  domicilio_cp: /\d[\d\s]{2,6}\d/,
  anio: /\d[\d/.-]*/,
  taller_telefono: /\+?\d[\d\s.-]{4,16}\d/,
  bastidor: /[A-Za-z0-9][A-Za-z0-9-]{5,}/,
};
