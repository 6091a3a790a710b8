import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { Observable } from 'rxjs';
import { invalid } from '@app/domain';
import { ApiConfig } from '../config/api.config';

export const DOCUMENT_UPLOAD_FIELD = 'file';
export const DocumentUploadErrorCode = {
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  INVALID_MULTIPART: 'INVALID_MULTIPART',
} as const;

/**
 * Parses `multipart/form-data` with one PDF in `file` plus the metadata fields into memory,
 * bounded by DOCUMENT_MAX_SIZE_MB; every multer/busboy failure becomes a 400 with our error
 * body (never a 500).
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;
  private readonly maxBytes: number;

  public constructor(config: ApiConfig) {
    this.maxBytes = config.documents.maxUploadBytes;
    this.parse = multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      limits: {
        fileSize: this.maxBytes,
        files: 1,
        fields: 10,
        fieldSize: 8 * 1024,
        parts: 12,
        headerPairs: 50,
      },
    }).single(DOCUMENT_UPLOAD_FIELD);
  }

  public async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) => {
      this.parse(http.getRequest<Request>(), http.getResponse<Response>(), (error?: unknown) => {
        if (!error) resolve();
        else reject(this.translate(error));
      });
    });
    return next.handle();
  }

  private translate(error: unknown): Error {
    if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') {
      const mb = Math.round((this.maxBytes / 1024 / 1024) * 10) / 10;
      return invalid(
        DocumentUploadErrorCode.DOCUMENT_TOO_LARGE,
        `El documento supera el tamaño máximo de ${mb} MB`,
        { max_bytes: this.maxBytes },
      );
    }
    if (error instanceof MulterError && error.code === 'LIMIT_UNEXPECTED_FILE') {
      return invalid(
        DocumentUploadErrorCode.INVALID_MULTIPART,
        `El PDF debe enviarse en el campo "${DOCUMENT_UPLOAD_FIELD}" (uno solo)`,
      );
    }
    return invalid(DocumentUploadErrorCode.INVALID_MULTIPART, 'Formulario multipart no válido');
  }
}
