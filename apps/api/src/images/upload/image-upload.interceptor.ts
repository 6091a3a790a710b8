import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ImageErrorCode, MEDIA_OPTIONS, MediaOptions } from '@app/media';
import {
  megabytes,
  SingleFileUploadInterceptor,
  UploadRefusal,
} from '../../common/http/single-file-upload';

export const UPLOAD_FIELD = 'file';

export const UploadErrorCode = {
  INVALID_MULTIPART: 'INVALID_MULTIPART',
  UNEXPECTED_FILE_FIELD: 'UNEXPECTED_FILE_FIELD',
} as const;

/**
 * One image in the `file` field, up to the configured size: 413 for a file over the limit,
 * 400 for any other multipart problem.
 */
@Injectable()
export class ImageUploadInterceptor extends SingleFileUploadInterceptor {
  public constructor(@Inject(MEDIA_OPTIONS) options: MediaOptions) {
    const maxBytes = options.images.maxUploadBytes;
    const invalidMultipart = (message: string): UploadRefusal => ({
      status: HttpStatus.BAD_REQUEST,
      code: UploadErrorCode.INVALID_MULTIPART,
      message,
    });
    super({
      field: UPLOAD_FIELD,
      maxFileBytes: maxBytes,
      maxFieldBytes: 4 * 1024,
      refusals: {
        file_too_large: {
          status: HttpStatus.PAYLOAD_TOO_LARGE,
          code: ImageErrorCode.IMAGE_TOO_LARGE,
          message: `La imagen supera el tamaño máximo de ${megabytes(maxBytes)} MB`,
        },
        unexpected_file: {
          status: HttpStatus.BAD_REQUEST,
          code: UploadErrorCode.UNEXPECTED_FILE_FIELD,
          message: `La imagen debe enviarse en el campo "${UPLOAD_FIELD}"`,
        },
        too_many_files: invalidMultipart('Solo se admite una imagen por petición'),
        limit_exceeded: invalidMultipart('Formulario multipart no válido o con demasiados campos'),
        malformed: invalidMultipart('Formulario multipart no válido'),
      },
    });
  }
}
