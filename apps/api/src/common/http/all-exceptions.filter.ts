import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrorKind, ErrorCode } from '@app/domain';
import { ErrorCategory, ErrorResponseDto } from './error-response.dto';
import { RequestValidationException } from './request-validation.exception';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  external: HttpStatus.BAD_GATEWAY,
};

const GENERIC_MESSAGES: Record<number, string> = {
  400: 'Solicitud no válida',
  401: 'No autenticado',
  403: 'No tiene permisos para esta operación',
  404: 'Recurso no encontrado',
  405: 'Método no permitido',
  409: 'Conflicto con el estado actual del recurso',
  413: 'La petición es demasiado grande',
  415: 'Tipo de contenido no soportado',
  422: 'Datos de entrada no válidos',
  429: 'Demasiadas peticiones, inténtelo más tarde',
  500: 'Error interno del servidor',
  502: 'Un servicio externo respondió con un error',
  503: 'Servicio no disponible temporalmente',
  504: 'Un servicio externo no respondió a tiempo',
};

/** Nest/Express default texts ("Not Found", "Cannot GET /x", "ThrottlerException: …"). */
const FRAMEWORK_DEFAULT = /^(Cannot [A-Z]+ |ThrottlerException|[A-Z][a-z]+( [A-Z][a-z]+)*$)/;

const GUIDANCE: Partial<Record<ErrorCategory, string>> = {
  validation_error: 'Revise los datos enviados y vuelva a intentarlo.',
  permission_error: 'Inicie sesión con un usuario que tenga permisos para esta operación.',
  not_found_error: 'Compruebe el identificador o la ruta solicitada.',
  rate_limit_error: 'Espere unos instantes antes de volver a intentarlo.',
  external_api_error: 'Inténtelo de nuevo en unos minutos.',
  unexpected_error: 'Si el problema persiste, facilite el log_ref al equipo técnico.',
};

export const categoryForStatus = (status: number): ErrorCategory => {
  if (status === 401 || status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 502 && status <= 504) return 'external_api_error';
  if (status >= 500) return 'unexpected_error';
  return 'validation_error';
};

/** Errors thrown by Express middleware (body-parser, multer) carry a numeric status. */
interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  type?: string;
  code?: string;
}

const httpLikeStatus = (error: unknown): number | null => {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = (error as HttpLikeError).status ?? (error as HttpLikeError).statusCode;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : null;
};

interface Normalised {
  status: number;
  code: string;
  message: string;
  guidance: string | null;
  context: Record<string, unknown> | null;
  errors?: Record<string, string[]>;
}

/**
 * The one place where errors become HTTP: validation, domain, framework and unexpected errors
 * all leave in the same body. 5xx bodies are opaque; the log line carries the stack and log_ref.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  public catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const logRef = typeof req.id === 'string' ? req.id : randomUUID();
    const normalised = this.normalise(exception);

    if (normalised.status >= 500) {
      this.logger.error(
        {
          log_ref: logRef,
          method: req.method,
          path: req.path,
          err:
            exception instanceof Error
              ? { message: exception.message, stack: exception.stack }
              : exception,
        },
        `unhandled error ${normalised.status} (${logRef})`,
      );
    }

    if (res.headersSent) {
      res.end();
      return;
    }
    const category = categoryForStatus(normalised.status);
    // A 429 raised with `context.retry_after_seconds` tells the client when to come back.
    const retryAfter = normalised.context?.retry_after_seconds;
    if (normalised.status === 429 && typeof retryAfter === 'number') {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    }
    const body: ErrorResponseDto = {
      success: false,
      error: normalised.message,
      error_category: category,
      error_code: normalised.code,
      message: normalised.message,
      guidance: normalised.guidance ?? GUIDANCE[category] ?? null,
      log_ref: logRef,
      context: normalised.context,
      ...(normalised.errors ? { errors: normalised.errors } : {}),
    };
    res.status(normalised.status).json(body);
  }

  private normalise(exception: unknown): Normalised {
    if (exception instanceof RequestValidationException) {
      const [field, messages] = Object.entries(exception.fieldErrors)[0] ?? [];
      const detail = field && messages?.length ? `: ${messages[0]}` : '';
      return {
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        code: ErrorCode.VALIDATION_FAILED,
        message: `${GENERIC_MESSAGES[422]}${detail}`,
        guidance: null,
        context: null,
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof DomainError) {
      return {
        status: STATUS_BY_KIND[exception.kind],
        code: exception.code,
        message: exception.message,
        guidance: exception.guidance,
        context: exception.context,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        status,
        code: this.codeForHttp(status, exception),
        message: this.messageForHttp(status, exception),
        guidance: null,
        context: null,
      };
    }
    const status = httpLikeStatus(exception);
    if (status !== null && status < 500) {
      const error = exception as HttpLikeError;
      return {
        status,
        code: status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : `HTTP_${status}`,
        message:
          error.type === 'entity.parse.failed'
            ? 'El cuerpo de la petición no es JSON válido'
            : (GENERIC_MESSAGES[status] ?? 'Solicitud no válida'),
        guidance: null,
        context: null,
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: ErrorCode.INTERNAL_ERROR,
      message: GENERIC_MESSAGES[500] ?? 'Internal error',
      guidance: null,
      context: null,
    };
  }

  private codeForHttp(status: number, exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'error_code' in response) {
      return String(response.error_code);
    }
    if (status === 404 && exception.message.startsWith('Cannot ')) return ErrorCode.ROUTE_NOT_FOUND;
    return `HTTP_${status}`;
  }

  /** Framework messages (e.g. "Cannot GET /x") are replaced by a stable, translated text. */
  private messageForHttp(status: number, exception: HttpException): string {
    if (status >= 500) return GENERIC_MESSAGES[status] ?? GENERIC_MESSAGES[500] ?? '';
    const response = exception.getResponse();
    const explicit =
      typeof response === 'object' && response !== null && 'message' in response
        ? response.message
        : response;
    if (typeof explicit === 'string' && explicit && !FRAMEWORK_DEFAULT.test(explicit)) {
      return explicit;
    }
    return GENERIC_MESSAGES[status] ?? exception.message;
  }
}
