/**
 * Vehicle identification numbers (ISO 3779): 17 characters, digits and capital letters except
 * I, O and Q (too easily read as 1 and 0). Only the format is checked: the North-American check
 * digit in position 9 is not used by European manufacturers, so a valid European VIN may fail it.
 */

/** Upper case without spaces, dots or dashes (customers often group the VIN in blocks). */
export const normaliseVin = (value: string): string => value.toUpperCase().replace(/[\s.-]/g, '');

export function isValidVin(value: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(normaliseVin(value));
}
