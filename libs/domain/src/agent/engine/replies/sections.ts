import { CaseFieldKey, CaseSection, fieldDef, fieldsOf } from '../nlu';
import { bullets } from './format';

const SECTION_TITLES: Record<CaseSection, string> = {
  personal: 'tus datos',
  vehicle: 'los datos del vehículo',
  workshop: 'los datos del taller',
};

const valueLines = (
  section: CaseSection,
  values: Readonly<Record<string, string | number>>,
): string[] =>
  fieldsOf(section)
    .filter((def) => values[def.key] !== undefined)
    .map((def) => `${capitalise(def.label)}: ${String(values[def.key])}`);

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const reusePrompt = (stored: Readonly<Record<string, string>>): string =>
  `Tengo guardados estos datos tuyos:\n${bullets(valueLines('personal', stored))}\n¿Son correctos? (responde *sí* o dime qué cambia)`;

/** Asks for the given fields: one question, or a list to answer in one message. */
export const sectionPrompt = (
  section: CaseSection,
  keys: readonly CaseFieldKey[],
  values: Readonly<Record<string, string | number>>,
  editing: boolean,
): string => {
  if (editing) {
    const current = valueLines(section, values);
    return `Estos son ${SECTION_TITLES[section]}:\n${current.length > 0 ? bullets(current) : '(vacío)'}\n¿Qué quieres cambiar? Escríbemelo así: *${fieldDef(fieldsOf(section)[0]?.key ?? 'nombre').label}: nuevo valor*`;
  }
  if (keys.length === 1 && keys[0]) return fieldDef(keys[0]).ask;
  const lines = keys.map((key) => {
    const def = fieldDef(key);
    return `${capitalise(def.label)} (ej. ${def.example})${def.required ? '' : ' (opcional)'}`;
  });
  return `Ahora necesito ${SECTION_TITLES[section]}. Puedes enviármelos en un solo mensaje:\n${bullets(lines)}`;
};

export const summaryLines = valueLines;
