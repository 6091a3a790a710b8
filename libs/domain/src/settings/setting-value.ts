/**
 * System settings are stored as text with a declared type (`system_settings.value_type`). These
 * pure functions turn what an admin sends into the stored text, and stored text into a value,
 * so the api (writes) and the worker (reads) agree on the format.
 */
export const SETTING_VALUE_TYPES = ['string', 'integer', 'boolean', 'json'] as const;
export type SettingValueType = (typeof SETTING_VALUE_TYPES)[number];
export type SettingInput = string | number | boolean;
export const SETTING_VALUE_MAX_LENGTH = 1000;

/** Settings the code reads by name. */
export const SettingKey = {
  /** The panic button: `false` stops the assistant and hands every conversation to a human. */
  AGENT_ENABLED: 'agent_enabled',
  AGENT_DISABLED_MESSAGE: 'agent_disabled_message',
} as const;
export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];

export type SettingNormalisation = { ok: true; value: string } | { ok: false; reason: string };

const INTEGER_TEXT = /^[+-]?\d+$/;

const tooLong = (value: string): SettingNormalisation =>
  value.length > SETTING_VALUE_MAX_LENGTH
    ? { ok: false, reason: `El valor supera ${SETTING_VALUE_MAX_LENGTH} caracteres` }
    : { ok: true, value };

/** Validates `input` against the setting's type and returns the canonical stored text. */
export const normaliseSettingValue = (
  type: SettingValueType,
  input: SettingInput,
): SettingNormalisation => {
  switch (type) {
    case 'boolean': {
      if (typeof input === 'boolean') return { ok: true, value: String(input) };
      const text = typeof input === 'string' ? input.trim().toLowerCase() : '';
      if (text === 'true' || text === 'false') return { ok: true, value: text };
      return { ok: false, reason: 'Valor booleano no válido: se esperaba true o false' };
    }
    case 'integer': {
      if (typeof input === 'number' && Number.isSafeInteger(input)) {
        return { ok: true, value: String(input) };
      }
      if (typeof input === 'string' && INTEGER_TEXT.test(input.trim())) {
        const parsed = Number(input.trim());
        if (Number.isSafeInteger(parsed)) return { ok: true, value: String(parsed) };
      }
      return { ok: false, reason: 'Valor entero no válido' };
    }
    case 'json': {
      const text = typeof input === 'string' ? input : JSON.stringify(input);
      try {
        JSON.parse(text);
      } catch {
        return { ok: false, reason: 'El valor no es JSON válido' };
      }
      return tooLong(text);
    }
    case 'string':
    default:
      return tooLong(String(input));
  }
};

export type SettingValue = string | number | boolean | null | Record<string, unknown> | unknown[];

/** Stored text → typed value. Text that does not match its type yields `null` (caller decides). */
export const parseSettingValue = (type: SettingValueType, stored: string): SettingValue => {
  switch (type) {
    case 'boolean': {
      const text = stored.trim().toLowerCase();
      if (text === 'true') return true;
      if (text === 'false') return false;
      return null;
    }
    case 'integer': {
      const text = stored.trim();
      if (!INTEGER_TEXT.test(text)) return null;
      const parsed = Number(text);
      return Number.isSafeInteger(parsed) ? parsed : null;
    }
    case 'json':
      try {
        return JSON.parse(stored) as SettingValue;
      } catch {
        return null;
      }
    case 'string':
    default:
      return stored;
  }
};
