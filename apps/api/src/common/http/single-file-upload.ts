import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  NestInterceptor,
} from '@nestjs/common';
import { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';
import { DomainError, ErrorCode, ErrorContext } from '@app/domain';

/** Why a single-file multipart body was refused. */
export type UploadFailure =
  /** The file is over the size limit (multer LIMIT_FILE_SIZE). */
  | 'file_too_large'
  /** A file in another field, or a second one in the field (LIMIT_UNEXPECTED_FILE). */
  | 'unexpected_file'
  /** More than one file part (LIMIT_FILE_COUNT). */
  | 'too_many_files'
  /** Any other multer limit: too many parts or fields, a field too long, a field without name. */
  | 'limit_exceeded'
  /** Busboy could not parse the body (truncated body, missing boundary, malformed headers). */
  | 'malformed';

/**
 * The answer to one failure, in the API's error body. 413 is a framework HttpException (the
 * body then has no context); 400 is a DomainError and may carry one.
 */
export type UploadRefusal =
  | { status: HttpStatus.PAYLOAD_TOO_LARGE; code: ErrorCode; message: string }
  | { status: HttpStatus.BAD_REQUEST; code: ErrorCode; message: string; context?: ErrorContext };

export interface SingleFileUploadOptions {
  /** The form field that carries the file. */
  field: string;
  maxFileBytes: number;
  /** Limit of each text field of the form. */
  maxFieldBytes: number;
  refusals: Readonly<Record<UploadFailure, UploadRefusal>>;
}

/** A size in MB with one decimal, for error messages. */
export const megabytes = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const failureOf = (error: unknown): UploadFailure => {
  if (!(error instanceof MulterError)) return 'malformed';
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return 'file_too_large';
    case 'LIMIT_UNEXPECTED_FILE':
      return 'unexpected_file';
    case 'LIMIT_FILE_COUNT':
      return 'too_many_files';
    default:
      return 'limit_exceeded';
  }
};

const toError = (refusal: UploadRefusal): Error =>
  refusal.status === HttpStatus.PAYLOAD_TOO_LARGE
    ? new HttpException({ message: refusal.message, error_code: refusal.code }, refusal.status)
    : new DomainError('invalid', refusal.code, refusal.message, refusal.context ?? null);

/**
 * Parses `multipart/form-data` with one file in `options.field` into memory, with hard limits
 * (one file, the given sizes, a few small text fields), and turns every multer or busboy
 * failure into the refusal the subclass chose for it — never a 500. Multer drains the rest of
 * the request body before we answer, so clients read the error instead of a reset connection.
 */
export abstract class SingleFileUploadInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;
  private readonly refusals: SingleFileUploadOptions['refusals'];

  protected constructor(options: SingleFileUploadOptions) {
    this.refusals = options.refusals;
    this.parse = multer({
      storage: multer.memoryStorage(),
      // Browsers send UTF-8 file names; busboy's default would read them as latin1.
      defParamCharset: 'utf8',
      limits: {
        fileSize: options.maxFileBytes,
        files: 1,
        fields: 10,
        fieldSize: options.maxFieldBytes,
        parts: 12,
        headerPairs: 50,
      },
    }).single(options.field);
  }

  public async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) => {
      this.parse(http.getRequest<Request>(), http.getResponse<Response>(), (error?: unknown) => {
        if (!error) resolve();
        else reject(toError(this.refusals[failureOf(error)]));
      });
    });
    return next.handle();
  }
}
