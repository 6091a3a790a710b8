import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import {
  ValidationError,
  registerDecorator,
  validateSync,
  ValidationOptions,
} from 'class-validator';

export type RawEnv = Record<string, string | undefined>;

/** An env class as the `With…Connection` mixins take and return it. */
// Mixins need a constructor type that accepts any arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EnvClass<T = object> = new (...args: any[]) => T;

/** Thrown before the Nest app exists; main.ts prints `message` as one line and exits 1. */
export class ConfigValidationError extends Error {
  public constructor(public readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

const flatten = (errors: ValidationError[]): string[] =>
  errors.flatMap((error) => {
    const own = Object.values(error.constraints ?? {});
    return [...own, ...flatten(error.children ?? [])];
  });

/**
 * Validates raw environment strings against a class-validator schema. Empty strings count as
 * unset so that `FOO=` in a compose file falls back to the default instead of failing parsing.
 */
export function validateEnv<T extends object>(schema: ClassConstructor<T>, raw: RawEnv): T {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const instance = plainToInstance(schema, cleaned, {
    enableImplicitConversion: false,
    exposeDefaultValues: true,
  });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(flatten(errors));
  return instance;
}

/** A connection URL with one of the given protocols, a host and (optionally) a path. */
export function IsConnectionUrl(
  protocols: string[],
  options: { requirePath?: boolean } = {},
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isConnectionUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            if (!protocols.includes(url.protocol.replace(/:$/, ''))) return false;
            if (!url.hostname) return false;
            if (options.requirePath && url.pathname.replace(/^\//, '') === '') return false;
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage(): string {
          const path = options.requirePath ? '/<name>' : '';
          return `${String(propertyName)} must be a URL like ${protocols[0]}://host:port${path}`;
        },
      },
    });
  };
}

/** Comma-separated list -> trimmed, non-empty strings. */
export const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
