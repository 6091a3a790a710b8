/**
 * Spanish identity and vehicle data checks used when collecting a case's personal, vehicle and
 * workshop data. Inputs are normalised (spaces, dots and dashes removed, upper case) first.
 */

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CIF_CONTROL_LETTERS = 'JABCDEFGHI';

export const normaliseDocumentId = (value: string): string =>
  value.toUpperCase().replace(/[\s.\-/]/g, '');

export function isValidDni(value: string): boolean {
  const id = normaliseDocumentId(value);
  const match = /^(\d{8})([A-Z])$/.exec(id);
  if (!match) return false;
  return DNI_LETTERS[Number(match[1]) % 23] === match[2];
}

export function isValidNie(value: string): boolean {
  const id = normaliseDocumentId(value);
  const match = /^([XYZ])(\d{7})([A-Z])$/.exec(id);
  if (!match) return false;
  const prefix = { X: '0', Y: '1', Z: '2' }[match[1] as 'X' | 'Y' | 'Z'];
  return DNI_LETTERS[Number(`${prefix}${match[2]}`) % 23] === match[3];
}

export function isValidCif(value: string): boolean {
  const id = normaliseDocumentId(value);
  const match = /^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$/.exec(id);
  if (!match) return false;
  const [, letter, digits, control] = match as unknown as [string, string, string, string];
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[i]);
    if (i % 2 === 0) {
      const doubled = digit * 2;
      sum += Math.floor(doubled / 10) + (doubled % 10);
    } else {
      sum += digit;
    }
  }
  const controlDigit = (10 - (sum % 10)) % 10;
  const controlLetter = CIF_CONTROL_LETTERS[controlDigit];
  // Organisation type decides whether the control is a letter, a digit, or either.
  if ('PQRSNW'.includes(letter)) return control === controlLetter;
  if ('ABEH'.includes(letter)) return control === String(controlDigit);
  return control === String(controlDigit) || control === controlLetter;
}

export type TaxIdKind = 'dni' | 'nie' | 'cif';

/** Which kind of Spanish tax id `value` is, or null when it is none of them (bad checksum included). */
export function classifyTaxId(value: string): TaxIdKind | null {
  if (isValidDni(value)) return 'dni';
  if (isValidNie(value)) return 'nie';
  if (isValidCif(value)) return 'cif';
  return null;
}

export const normalisePlate = (value: string): string => value.toUpperCase().replace(/[\s-]/g, '');

/**
 * Spanish number plates: the current national format (0000 BBB, consonants without Ñ and Q) and
 * the older provincial one (M 1234 AB / B 1234 A / SS 1234 BC), plus trailer/moped formats
 * (R 1234 BBB, C 1234 BBB).
 */
export function isValidSpanishPlate(value: string): boolean {
  const plate = normalisePlate(value);
  const consonants = 'BCDFGHJKLMNPRSTVWXYZ';
  const current = new RegExp(`^\\d{4}[${consonants}]{3}$`);
  const special = new RegExp(`^[RC]\\d{4}[${consonants}]{3}$`);
  const provincial = /^[A-Z]{1,2}\d{4}[A-Z]{1,2}$/;
  return current.test(plate) || special.test(plate) || provincial.test(plate);
}

/** Spanish postcodes: 5 digits, province prefix 01–52. */
export function isValidSpanishPostcode(value: string): boolean {
  const code = value.trim();
  if (!/^\d{5}$/.test(code)) return false;
  const province = Number(code.slice(0, 2));
  return province >= 1 && province <= 52;
}

export function isValidEmail(value: string): boolean {
  const email = value.trim();
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(email);
}

/** Registration year of a vehicle: not before 1900 and not after next year. */
export function isValidVehicleYear(value: number, now: Date = new Date()): boolean {
  return Number.isInteger(value) && value >= 1900 && value <= now.getUTCFullYear() + 1;
}
