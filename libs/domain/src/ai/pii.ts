/**
 * Masks personal data before it is stored in observability tables (tool-call logs), which are
 * kept longer and read more widely than the case data itself. Masking is by pattern, so it
 * errs on the side of hiding: a long digit run is treated as a phone number.
 */

interface Mask {
  pattern: RegExp;
  replacement: string;
}

// Order matters: e-mails and IBANs contain digit runs the later patterns would cut in pieces.
const MASKS: readonly Mask[] = [
  { pattern: /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}/g, replacement: '[email]' },
  // IBAN: country, check digits, upper-case alphanumerics optionally grouped by spaces (case
  // sensitive, so the next word is not taken for a group; a lower-case one is a digit run).
  {
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    replacement: '[iban]',
  },
  // DNI (8 digits + letter), NIE (X/Y/Z + 7 digits + letter), CIF (letter + 7 digits + control).
  { pattern: /\b\d{8}[ -]?[A-Z]\b/gi, replacement: '[id]' },
  { pattern: /\b[XYZ][ -]?\d{7}[ -]?[A-Z]\b/gi, replacement: '[id]' },
  { pattern: /\b[ABCDEFGHJNPQRSUVW][ -]?\d{7}[ -]?[0-9A-J]\b/gi, replacement: '[id]' },
  // Number plates: current format (1234 BCD) and the old provincial one (M 1234 AB, upper case).
  { pattern: /\b\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3}\b/gi, replacement: '[plate]' },
  { pattern: /\b[A-Z]{1,2}[ -]?\d{4}[ -]?[A-Z]{1,2}\b/g, replacement: '[plate]' },
  // Phone numbers: 9 or more digits, optionally with a +/00 prefix and separators.
  { pattern: /(?:\+|\b00)?\b\d(?:[ .-]?\d){8,14}\b/g, replacement: '[phone]' },
];

/** Keys whose whole value is personal data, whatever it looks like. */
const PII_KEY =
  /phone|telefono|teléfono|email|correo|nif|dni|nie|cif|matricula|matrícula|plate|iban|bastidor|vin/i;

export const REDACTED = '[redacted]';

/** The text with phones, e-mails, DNI/NIE/CIF, number plates and IBANs replaced by markers. */
export function maskPii(text: string): string {
  let out = text;
  for (const { pattern, replacement } of MASKS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of a JSON-like value with every string masked and the values of personal-data keys
 * (`phone`, `email`, `nif`, `matricula`, …) redacted entirely.
 */
export function maskPiiDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (Array.isArray(value)) return value.map((item) => maskPiiDeep(item));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] =
        PII_KEY.test(key) && (typeof item === 'string' || typeof item === 'number')
          ? REDACTED
          : maskPiiDeep(item);
    }
    return out;
  }
  return value;
}
