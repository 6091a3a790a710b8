import { foldText } from '../../catalogue/text';
import {
  isValidEmail,
  isValidSpanishPlate,
  isValidSpanishPostcode,
  isValidVehicleYear,
  normaliseDocumentId,
  classifyTaxId,
  normalisePlate,
} from '../../validation/spanish-ids';
import { isValidVin, normaliseVin } from '../../validation/vin';
import { canonicalBrand } from './brands';
import { CaseFieldKey, CaseFieldValue, fieldDef } from './fields';
import { canonicalProvince } from './provinces';

export type FieldCheck = { ok: true; value: CaseFieldValue } | { ok: false; error: string };

const ok = (value: CaseFieldValue): FieldCheck => ({ ok: true, value });
const fail = (error: string): FieldCheck => ({ ok: false, error });

const collapse = (raw: string): string =>
  raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'«“]+|["'»”]+$/g, '')
    .trim();

/** Lower-case joining words that stay lower case inside names ("María de la Fuente"). */
const NAME_PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'y',
  'e',
  'i',
  'da',
  'van',
  'von',
]);

/**
 * "juan PÉREZ garcía-lópez" → "Juan Pérez García-López"; particles stay lower case ("de la
 * Fuente"), as Spanish surnames are written; place names pass false to capitalise their first word
 * ("La Roda").
 */
export function titleCase(text: string, leadingParticleLower = true): string {
  const parts = collapse(text).split(' ');
  return parts
    .map((word, index) => {
      const lower = word.toLocaleLowerCase('es');
      const lowerAllowed = index > 0 || leadingParticleLower;
      if (parts.length > 1 && lowerAllowed && NAME_PARTICLES.has(lower)) return lower;
      return lower.replace(
        /(^|[-'’])(\p{L})/gu,
        (_m, sep: string, letter: string) => `${sep}${letter.toLocaleUpperCase('es')}`,
      );
    })
    .join(' ');
}

/** Field names with their article, for re-ask sentences. */
const THE: Readonly<Record<CaseFieldKey, string>> = {
  nombre: 'el nombre',
  apellidos: 'los apellidos',
  dni_cif: 'el DNI, NIE o CIF',
  email: 'el email',
  domicilio_calle: 'la dirección',
  domicilio_localidad: 'la localidad',
  domicilio_provincia: 'la provincia',
  domicilio_cp: 'el código postal',
  itv_nombre: 'la estación ITV',
  marca: 'la marca',
  modelo: 'el modelo',
  anio: 'el año',
  matricula: 'la matrícula',
  bastidor: 'el número de bastidor',
  taller_nombre: 'el nombre del taller',
  taller_responsable: 'el responsable del taller',
  taller_domicilio: 'la dirección del taller',
  taller_provincia: 'la provincia del taller',
  taller_ciudad: 'la localidad del taller',
  taller_telefono: 'el teléfono del taller',
  taller_registro_industrial: 'el número de registro industrial',
  taller_actividad: 'la actividad del taller',
};

const incomplete = (key: CaseFieldKey): FieldCheck =>
  fail(
    `Eso parece incompleto para ${THE[key]}. ¿Puedes escribirlo entero? (ejemplo: ${fieldDef(key).example})`,
  );

const tooLong = (key: CaseFieldKey, max: number): FieldCheck =>
  fail(`Es demasiado largo para ${THE[key]} (máximo ${max} caracteres). ¿Puedes resumirlo?`);

const NAME_SHAPE = /^[\p{L}][\p{L}\s'’.-]*$/u;

const checkPersonName = (key: CaseFieldKey, raw: string): FieldCheck => {
  const value = collapse(raw);
  if (!NAME_SHAPE.test(value)) {
    return fail(
      `Para ${THE[key]} solo puedo aceptar letras, espacios, guiones y apóstrofos. ¿Puedes escribirlo de nuevo? (ejemplo: ${fieldDef(key).example})`,
    );
  }
  if (value.replace(/[\s'’.-]/g, '').length < 2) return incomplete(key);
  if (value.length > 100) return tooLong(key, 100);
  return ok(titleCase(value));
};

const PLACE_SHAPE = /^[\p{L}][\p{L}\s'’.()/-]*$/u;

const checkPlace = (key: CaseFieldKey, raw: string): FieldCheck => {
  const value = collapse(raw);
  if (!PLACE_SHAPE.test(value) || value.length < 2) {
    return fail(
      `No reconozco eso como ${THE[key]}. ¿Puedes escribir solo el nombre? (ejemplo: ${fieldDef(key).example})`,
    );
  }
  if (value.length > 100) return tooLong(key, 100);
  return ok(titleCase(value, false));
};

const checkProvince = (raw: string): FieldCheck => {
  const province = canonicalProvince(raw);
  return province
    ? ok(province)
    : fail('No reconozco esa provincia. ¿Puedes escribirla completa? (ejemplo: Madrid)');
};

/** Names of places and businesses typed all in lower case get capitals ("calle mayor 5"). */
const PROPER_NAMES = new Set<CaseFieldKey>([
  'domicilio_calle',
  'taller_domicilio',
  'itv_nombre',
  'taller_nombre',
]);

const checkFreeText = (key: CaseFieldKey, raw: string, min: number, max: number): FieldCheck => {
  let value = collapse(raw);
  if (value.replace(/[^\p{L}\p{N}]/gu, '').length < min) return incomplete(key);
  if (value.length > max) return tooLong(key, max);
  if (PROPER_NAMES.has(key) && value === value.toLocaleLowerCase('es')) {
    value = titleCase(value, false);
  }
  if (key === 'itv_nombre') value = value.replace(/(?<![\p{L}])itv(?![\p{L}])/giu, 'ITV');
  return ok(value);
};

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const checkTaxId = (raw: string): FieldCheck => {
  const id = normaliseDocumentId(raw);
  if (classifyTaxId(id)) return ok(id);
  if (/^\d{8}[A-Z]$/.test(id)) {
    return fail('La letra del DNI no cuadra. ¿Puedes revisarlo? (ejemplo: 12345678Z)');
  }
  if (/^\d{7,8}$/.test(id)) {
    return fail('Al DNI le falta la letra. ¿Me lo escribes completo? (ejemplo: 12345678Z)');
  }
  if (/^[XYZ]\d{7}[A-Z]$/.test(id)) {
    return fail('La letra del NIE no cuadra. ¿Puedes revisarlo? (ejemplo: X1234567L)');
  }
  if (/^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/.test(id)) {
    return fail('El dígito de control del CIF no cuadra. ¿Puedes revisarlo? (ejemplo: B12345674)');
  }
  return fail(
    'Eso no parece un DNI, NIE o CIF. ¿Me lo escribes con sus números y letra? (ejemplos: DNI 12345678Z, NIE X1234567L, CIF B12345674)',
  );
};

/** Common mistyped mail domains, suggested back instead of silently fixed. */
const DOMAIN_TYPOS: Readonly<Record<string, string>> = {
  'gmail.con': 'gmail.com',
  'gmail.es': 'gmail.com',
  'gmial.com': 'gmail.com',
  'gmal.com': 'gmail.com',
  'gmai.com': 'gmail.com',
  'gamil.com': 'gmail.com',
  'hotmail.con': 'hotmail.com',
  'hotmal.com': 'hotmail.com',
  'hotmial.com': 'hotmail.com',
  'hotmai.com': 'hotmail.com',
  'yahoo.con': 'yahoo.com',
  'outlook.con': 'outlook.com',
  'outlok.com': 'outlook.com',
};

const checkEmail = (raw: string): FieldCheck => {
  const value = collapse(raw)
    .replace(/[.,;]+$/, '')
    .toLowerCase();
  const domain = value.split('@')[1] ?? '';
  const fixed = DOMAIN_TYPOS[domain];
  if (fixed) {
    return fail(
      `¿Seguro que el email es ${value}? Creo que querías decir ${value.replace(/@.*/, `@${fixed}`)}. ¿Me lo confirmas escribiéndolo de nuevo?`,
    );
  }
  if (!isValidEmail(value) || /\s/.test(value)) {
    return fail('Ese email no parece correcto. ¿Puedes revisarlo? (ejemplo: juan@gmail.com)');
  }
  return ok(value);
};

const checkPostcode = (raw: string): FieldCheck => {
  const value = collapse(raw).replace(/\s/g, '');
  if (isValidSpanishPostcode(value)) return ok(value);
  if (/^\d{4}$/.test(value) && isValidSpanishPostcode(`0${value}`)) {
    return fail(
      `El código postal tiene 5 cifras. ¿Es el 0${value}? Escríbelo completo, por favor (ejemplo: 08001).`,
    );
  }
  return fail(
    'Ese código postal no es válido: son 5 cifras entre 01000 y 52999. ¿Puedes revisarlo? (ejemplo: 28001)',
  );
};

const checkYear = (raw: string, now: Date): FieldCheck => {
  const years = collapse(raw).match(/(?<!\d)\d{4}(?!\d)/g) ?? [];
  const max = now.getUTCFullYear() + 1;
  if (years.length === 0) {
    return fail('Dime el año con 4 cifras, por favor (ejemplo: 2015).');
  }
  const year = Number(years[0]);
  if (!isValidVehicleYear(year, now)) {
    return fail(`El año debe estar entre 1900 y ${max}. ¿Puedes revisarlo? (ejemplo: 2015)`);
  }
  return ok(year);
};

const CONSONANTS = /^[BCDFGHJKLMNPRSTVWXYZ]{3}$/;

const checkPlate = (raw: string): FieldCheck => {
  const plate = normalisePlate(collapse(raw).replace(/\./g, ''));
  if (isValidSpanishPlate(plate)) return ok(plate);
  const current = /^\d{4}([A-ZÑ]{3})$/.exec(plate);
  if (current && !CONSONANTS.test(current[1] ?? '')) {
    return fail(
      'Las matrículas actuales solo llevan consonantes (sin vocales, Ñ ni Q). ¿Puedes revisarla? (ejemplo: 1234 BCD)',
    );
  }
  return fail(
    'Esa matrícula no parece española. Escríbela como 1234 BCD (o, si es antigua, como M 1234 AB).',
  );
};

/** Answers that mean "I don't have it" for the optional VIN. */
const NO_VALUE = new Set([
  'no',
  'no lo tengo',
  'no la tengo',
  'no tengo',
  'no lo se',
  'no se',
  'ni idea',
  'no lo tengo a mano',
  'no lo se ahora',
  'no lo encuentro',
  'luego',
  'despues',
  'mas tarde',
  'paso',
  'sin bastidor',
]);

const checkVin = (raw: string, required: boolean): FieldCheck => {
  const folded = foldText(raw);
  if (!required && (folded === '' || NO_VALUE.has(folded) || raw.trim() === '-')) return ok('');
  const vin = normaliseVin(collapse(raw));
  if (isValidVin(vin)) return ok(vin);
  if (/^[A-Z0-9]{17}$/.test(vin)) {
    return fail(
      'El bastidor no lleva las letras I, O ni Q (se confunden con 1 y 0). ¿Puedes revisarlo? (ejemplo: VF1RFB00X12345678)',
    );
  }
  return fail(
    `El número de bastidor tiene 17 caracteres${/^[A-Z0-9]+$/.test(vin) ? ` y ese tiene ${vin.length}` : ''}. ¿Puedes revisarlo? (ejemplo: VF1RFB00X12345678)${required ? '' : ' Si no lo tienes, dime "no lo tengo".'}`,
  );
};

const checkPhone = (raw: string): FieldCheck => {
  const digits = collapse(raw)
    .replace(/[\s.()-]/g, '')
    .replace(/^(\+34|0034)/, '');
  if (/^[6789]\d{8}$/.test(digits)) return ok(digits);
  return fail(
    'Ese teléfono no parece español: son 9 cifras que empiezan por 6, 7, 8 o 9. ¿Puedes revisarlo? (ejemplo: 912 345 678)',
  );
};

const checkBrand = (raw: string): FieldCheck => {
  const known = canonicalBrand(raw);
  if (known) return ok(known);
  const checked = checkFreeText('marca', raw, 2, 60);
  if (!checked.ok || typeof checked.value !== 'string') return checked;
  return ok(
    checked.value === checked.value.toLowerCase() ? titleCase(checked.value) : checked.value,
  );
};

const checkModel = (raw: string): FieldCheck => {
  const checked = checkFreeText('modelo', raw, 1, 60);
  if (!checked.ok || typeof checked.value !== 'string') return checked;
  if (checked.value !== checked.value.toLowerCase()) return checked;
  // Typed all in lower case: model codes as in the papers ("cbr 600 rr" → "CBR 600 RR"),
  // names with a capital ("ibiza" → "Ibiza").
  const value = checked.value
    .split(' ')
    .map((word) => (/\d/.test(word) || word.length <= 3 ? word.toUpperCase() : capitalise(word)))
    .join(' ');
  return ok(value);
};

/**
 * Validates and normalises one field's raw text. Nothing is accepted on failure; the error is a
 * Spanish re-ask saying what is wrong, with an example.
 */
export function validateCaseField(key: CaseFieldKey, raw: string, now: Date): FieldCheck {
  const def = fieldDef(key);
  if (key === 'bastidor') return checkVin(raw, def.required);
  if (collapse(raw) === '') {
    return def.required ? fail(`Necesito ${THE[key]}. ${def.ask}`) : ok('');
  }
  switch (key) {
    case 'nombre':
      return checkPersonName(key, raw);
    case 'apellidos':
      return checkPersonName(key, raw);
    case 'taller_responsable':
      return checkPersonName(key, raw);
    case 'dni_cif':
      return checkTaxId(raw);
    case 'email':
      return checkEmail(raw);
    case 'domicilio_cp':
      return checkPostcode(raw);
    case 'domicilio_localidad':
      return checkPlace(key, raw);
    case 'taller_ciudad':
      return checkPlace(key, raw);
    case 'domicilio_provincia':
    case 'taller_provincia':
      return checkProvince(raw);
    case 'anio':
      return checkYear(raw, now);
    case 'matricula':
      return checkPlate(raw);
    case 'taller_telefono':
      return checkPhone(raw);
    case 'marca':
      return checkBrand(raw);
    case 'modelo':
      return checkModel(raw);
    case 'domicilio_calle':
    case 'taller_domicilio':
      return checkFreeText(key, raw, 3, 200);
    case 'taller_registro_industrial':
      return checkFreeText(key, raw, 2, 100);
    case 'itv_nombre':
    case 'taller_nombre':
    case 'taller_actividad':
      return checkFreeText(key, raw, 2, 200);
  }
}
