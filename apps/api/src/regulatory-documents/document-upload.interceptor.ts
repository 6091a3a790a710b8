import { HttpStatus, Injectable } from '@nestjs/common';
import {
  megabytes,
  SingleFileUploadInterceptor,
  UploadRefusal,
} from '../common/http/single-file-upload';
import { ApiConfig } from '../config/api.config';

export const DOCUMENT_UPLOAD_FIELD = 'file';
export const DocumentUploadErrorCode = {
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  INVALID_MULTIPART: 'INVALID_MULTIPART',
} as const;

/**
 * One PDF in `file` plus the metadata fields, bounded by DOCUMENT_MAX_SIZE_MB; every
 * multipart problem, an oversized file included, is a 400.
 */
@Injectable()
export class DocumentUploadInterceptor extends SingleFileUploadInterceptor {
  public constructor(config: ApiConfig) {
    const maxBytes = config.documents.maxUploadBytes;
    const invalidMultipart: UploadRefusal = {
      status: HttpStatus.BAD_REQUEST,
      code: DocumentUploadErrorCode.INVALID_MULTIPART,
      message: 'Formulario multipart no válido',
    };
    super({
      field: DOCUMENT_UPLOAD_FIELD,
      maxFileBytes: maxBytes,
      maxFieldBytes: 8 * 1024,
      refusals: {
        file_too_large: {
          status: HttpStatus.BAD_REQUEST,
          code: DocumentUploadErrorCode.DOCUMENT_TOO_LARGE,
          message: `El documento supera el tamaño máximo de ${megabytes(maxBytes)} MB`,
          context: { max_bytes: maxBytes },
        },
        unexpected_file: {
          ...invalidMultipart,
          message: `El PDF debe enviarse en el campo "${DOCUMENT_UPLOAD_FIELD}" (uno solo)`,
        },
        too_many_files: invalidMultipart,
        limit_exceeded: invalidMultipart,
        malformed: invalidMultipart,
      },
    });
  }
}
