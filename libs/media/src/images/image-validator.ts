import { randomUUID } from 'node:crypto';
import { fromBuffer } from 'file-type';
import sharp from 'sharp';
import { ImageErrorCode, imageRejected } from './image-errors';
import {
  IMAGE_FORMATS,
  ImageMimeType,
  isAllowedImageMime,
  normaliseMimeType,
  sameImageFamily,
} from './image-formats';
import { sanitiseOriginalFileName } from './original-filename';
import { Semaphore } from '@app/domain';

/** Process-wide limits; the byte limit is per call (admin uploads and case photos differ). */
export interface ImageLimits {
  /** Largest width × height accepted (decompression-bomb guard). */
  maxPixels: number;
  /** Largest width or height in pixels. */
  maxSide: number;
  /** Full decodes running at once; bounds memory when many uploads arrive together. */
  maxConcurrentDecodes: number;
}

export interface ValidateImageInput {
  maxBytes: number;
  /** Content-Type the client declared; null/undefined when the source gives none. */
  declaredMime?: string | null;
  originalName?: string | null;
}

export interface ValidatedImage {
  mimeType: ImageMimeType;
  extension: string;
  width: number;
  height: number;
  size: number;
  /** `<uuid>.<ext>`: the only name the file is ever stored or served under. */
  storageName: string;
  /** Display-only, sanitised client file name. */
  originalName: string;
}

/** Anything shorter cannot be a real photo. */
export const MIN_IMAGE_BYTES = 100;

/**
 * Decides whether bytes are an image we are willing to store, cheapest checks first:
 * size → declared type → magic number (file-type) → header dimensions (sharp metadata, no
 * decoding) → a full decode under the pixel limit. Sharp works on libuv's thread pool, so the
 * event loop only waits on promises; a semaphore caps concurrent decodes to bound memory.
 */
export class ImageValidator {
  private readonly decodes: Semaphore;

  public constructor(private readonly limits: ImageLimits) {
    this.decodes = new Semaphore(limits.maxConcurrentDecodes);
  }

  public async validate(buffer: Buffer, input: ValidateImageInput): Promise<ValidatedImage> {
    const size = buffer.length;
    if (size > input.maxBytes) {
      throw imageRejected(
        ImageErrorCode.IMAGE_TOO_LARGE,
        `La imagen supera el tamaño máximo de ${formatMb(input.maxBytes)} MB`,
        { max_bytes: input.maxBytes, size },
      );
    }
    if (size < MIN_IMAGE_BYTES) {
      throw imageRejected(
        ImageErrorCode.IMAGE_TOO_SMALL,
        'El archivo está vacío o es demasiado pequeño para ser una imagen',
        {
          size,
        },
      );
    }

    const declared = normaliseMimeType(input.declaredMime);
    if (
      declared !== null &&
      declared !== 'application/octet-stream' &&
      !isAllowedImageMime(declared)
    ) {
      throw imageRejected(
        ImageErrorCode.IMAGE_TYPE_NOT_ALLOWED,
        'Tipo de archivo no permitido: solo JPEG, PNG, GIF, WebP o HEIC/HEIF',
        { declared_type: declared },
      );
    }

    const detected = normaliseMimeType((await fromBuffer(buffer))?.mime);
    if (!isAllowedImageMime(detected)) {
      throw imageRejected(
        ImageErrorCode.IMAGE_TYPE_UNRECOGNISED,
        'El contenido del archivo no es una imagen JPEG, PNG, GIF, WebP o HEIC/HEIF',
        { detected_type: detected },
      );
    }
    if (declared !== null && isAllowedImageMime(declared) && !sameImageFamily(declared, detected)) {
      throw imageRejected(
        ImageErrorCode.IMAGE_TYPE_MISMATCH,
        'El tipo declarado no coincide con el contenido del archivo',
        { declared_type: declared, detected_type: detected },
      );
    }

    const { width, height } = await this.readHeader(buffer, detected);
    await this.decodes.run(() => this.decodeFully(buffer));

    const extension = IMAGE_FORMATS[detected].ext;
    return {
      mimeType: detected,
      extension,
      width,
      height,
      size,
      storageName: `${randomUUID()}.${extension}`,
      originalName: sanitiseOriginalFileName(input.originalName, `image.${extension}`),
    };
  }

  /** Dimensions from the header only (no pixel data), checked before anything is decoded. */
  private async readHeader(
    buffer: Buffer,
    detected: ImageMimeType,
  ): Promise<{ width: number; height: number }> {
    let metadata: sharp.Metadata;
    try {
      metadata = await sharp(buffer, { limitInputPixels: false }).metadata();
    } catch {
      throw corrupt();
    }
    const { width, height, format } = metadata;
    const expected: readonly string[] = IMAGE_FORMATS[detected].sharpFormats;
    if (!format || !expected.includes(format)) {
      throw imageRejected(
        ImageErrorCode.IMAGE_TYPE_MISMATCH,
        'El contenido del archivo no coincide con su firma de imagen',
        { detected_type: detected, decoded_format: format ?? null },
      );
    }
    if (!width || !height) throw corrupt();
    if (width > this.limits.maxSide || height > this.limits.maxSide) {
      throw imageRejected(
        ImageErrorCode.IMAGE_DIMENSIONS_EXCEEDED,
        `La imagen supera ${this.limits.maxSide} píxeles de ancho o alto`,
        { width, height, max_side: this.limits.maxSide },
      );
    }
    if (width * height > this.limits.maxPixels) {
      throw imageRejected(
        ImageErrorCode.IMAGE_PIXEL_LIMIT_EXCEEDED,
        'La imagen tiene demasiados píxeles',
        { width, height, max_pixels: this.limits.maxPixels },
      );
    }
    return { width, height };
  }

  /**
   * Decodes every pixel of the first frame (stats() streams through the image and keeps only
   * per-channel sums), so truncated or corrupt data fails here. The pixel limit is enforced
   * again by libvips itself in case a header lied.
   */
  private async decodeFully(buffer: Buffer): Promise<void> {
    try {
      await sharp(buffer, {
        failOn: 'error',
        limitInputPixels: this.limits.maxPixels,
        sequentialRead: true,
      }).stats();
    } catch {
      throw corrupt();
    }
  }
}

const corrupt = (): Error =>
  imageRejected(
    ImageErrorCode.IMAGE_CORRUPT,
    'La imagen está dañada, incompleta o en un formato que no se puede leer',
  );

const formatMb = (bytes: number): string => String(Math.round((bytes / 1024 / 1024) * 10) / 10);
