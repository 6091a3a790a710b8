import { CLIENT_TYPES, ClientType } from '../catalogue/snapshot';

export const isClientType = (value: unknown): value is ClientType =>
  typeof value === 'string' && (CLIENT_TYPES as readonly string[]).includes(value);

/**
 * Chatwoot's conversation attribute `tipo` ("Particular" / "Profesional") -> client type.
 * Unknown or missing values give `null` (keep what we have, default particular).
 */
export function clientTypeFromTipo(tipo: string | null | undefined): ClientType | null {
  const value = (tipo ?? '').trim().toLowerCase();
  if (!value) return null;
  if (value.startsWith('profesional') || value.startsWith('professional')) return 'professional';
  if (value.startsWith('particular')) return 'particular';
  return null;
}

/** WhatsApp display name split on the first space: first name, then the rest as last name. */
export function splitWhatsAppName(name: string | null | undefined): {
  firstName: string | null;
  lastName: string | null;
} {
  const clean = (name ?? '').trim().replace(/\s+/g, ' ');
  if (!clean) return { firstName: null, lastName: null };
  const space = clean.indexOf(' ');
  if (space < 0) return { firstName: clean.slice(0, 100), lastName: null };
  return {
    firstName: clean.slice(0, space).slice(0, 100),
    lastName: clean.slice(space + 1).slice(0, 100),
  };
}
