/**
 * Domain error kinds: what went wrong from the caller's point of view.
 * The API maps each kind to one HTTP status in a single place (the global exception filter);
 * the worker uses the same kinds to decide between "retry" and "dead-letter".
 */
export type DomainErrorKind =
  | 'invalid' // business rule or input rejected -> 400
  | 'unauthorized' // no or bad credentials -> 401
  | 'forbidden' // authenticated but not allowed -> 403
  | 'not_found' // -> 404
  | 'conflict' // duplicate / state clash -> 409
  | 'unprocessable' // well-formed but semantically invalid payload -> 422
  | 'rate_limited' // -> 429
  | 'unavailable' // dependency down -> 503
  | 'external'; // upstream (Chatwoot, LLM) answered badly -> 502

export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  EXTERNAL_SERVICE_ERROR: 'EXTERNAL_SERVICE_ERROR',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (string & {});

export type ErrorContext = Record<string, unknown>;

export class DomainError extends Error {
  public constructor(
    public readonly kind: DomainErrorKind,
    public readonly code: ErrorCode,
    message: string,
    public readonly context: ErrorContext | null = null,
    public readonly guidance: string | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (entity: string, id?: string | number): DomainError =>
  new DomainError(
    'not_found',
    ErrorCode.NOT_FOUND,
    `${entity} no encontrado`,
    id === undefined ? null : { entity, id: String(id) },
  );

export const conflict = (code: ErrorCode, message: string, context?: ErrorContext): DomainError =>
  new DomainError('conflict', code, message, context ?? null);

export const invalid = (code: ErrorCode, message: string, context?: ErrorContext): DomainError =>
  new DomainError('invalid', code, message, context ?? null);

export const forbidden = (message = 'No tiene permisos para esta operación'): DomainError =>
  new DomainError('forbidden', ErrorCode.FORBIDDEN, message);
