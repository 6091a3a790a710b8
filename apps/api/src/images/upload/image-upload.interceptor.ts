import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';
import { DomainError } from '@app/domain';
import { ImageErrorCode, MEDIA_OPTIONS, MediaOptions } from '@app/media';

export const UPLOAD_FIELD = 'file';

export const UploadErrorCode = {
  INVALID_MULTIPART: 'INVALID_MULTIPART',
  UNEXPECTED_FILE_FIELD: 'UNEXPECTED_FILE_FIELD',
} as const;

const invalidMultipart = (
  message: string,
  code: string = UploadErrorCode.INVALID_MULTIPART,
): DomainError => new DomainError('invalid', code, message);

/**
 * Parses `multipart/form-data` with one image in the `file` field into memory, with hard
 * limits (one file, the configured size, a few small text fields), and turns every multer or
 * busboy failure into our error body: 413 for a file over the limit, 400 otherwise — never a
 * 500. Multer drains the rest of the request body before we answer, so clients read the error
 * instead of seeing a reset connection.
 */
@Injectable()
export class ImageUploadInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;
  private readonly maxBytes: number;

  public constructor(@Inject(MEDIA_OPTIONS) options: MediaOptions) {
    this.maxBytes = options.images.maxUploadBytes;
    this.parse = multer({
      storage: multer.memoryStorage(),
      // Browsers send UTF-8 file names; busboy's default would read them as latin1.
      defParamCharset: 'utf8',
      limits: {
        fileSize: this.maxBytes,
        files: 1,
        fields: 10,
        fieldSize: 4 * 1024,
        parts: 12,
        headerPairs: 50,
      },
    }).single(UPLOAD_FIELD);
  }

  public async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await this.run(http.getRequest<Request>(), http.getResponse<Response>());
    return next.handle();
  }

  private run(req: Request, res: Response): Promise<void> {
    return new Promise((resolve, reject) => {
      this.parse(req, res, (error?: unknown) => {
        if (!error) resolve();
        else reject(this.translate(error));
      });
    });
  }

  private translate(error: unknown): Error {
    if (error instanceof MulterError) {
      switch (error.code) {
        case 'LIMIT_FILE_SIZE': {
          const mb = Math.round((this.maxBytes / 1024 / 1024) * 10) / 10;
          return new HttpException(
            {
              message: `La imagen supera el tamaño máximo de ${mb} MB`,
              error_code: ImageErrorCode.IMAGE_TOO_LARGE,
            },
            HttpStatus.PAYLOAD_TOO_LARGE,
          );
        }
        case 'LIMIT_UNEXPECTED_FILE':
          return invalidMultipart(
            `La imagen debe enviarse en el campo "${UPLOAD_FIELD}"`,
            UploadErrorCode.UNEXPECTED_FILE_FIELD,
          );
        case 'LIMIT_FILE_COUNT':
          return invalidMultipart('Solo se admite una imagen por petición');
        default:
          return invalidMultipart('Formulario multipart no válido o con demasiados campos');
      }
    }
    // Busboy parse errors (truncated body, missing boundary, malformed headers).
    return invalidMultipart('Formulario multipart no válido');
  }
}
