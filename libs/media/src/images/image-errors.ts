import { DomainError } from '@app/domain';

export const ImageErrorCode = {
  IMAGE_REQUIRED: 'IMAGE_REQUIRED',
  IMAGE_TOO_SMALL: 'IMAGE_TOO_SMALL',
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
  IMAGE_TYPE_NOT_ALLOWED: 'IMAGE_TYPE_NOT_ALLOWED',
  IMAGE_TYPE_UNRECOGNISED: 'IMAGE_TYPE_UNRECOGNISED',
  IMAGE_TYPE_MISMATCH: 'IMAGE_TYPE_MISMATCH',
  IMAGE_DIMENSIONS_EXCEEDED: 'IMAGE_DIMENSIONS_EXCEEDED',
  IMAGE_PIXEL_LIMIT_EXCEEDED: 'IMAGE_PIXEL_LIMIT_EXCEEDED',
  IMAGE_CORRUPT: 'IMAGE_CORRUPT',
} as const;
export type ImageErrorCode = (typeof ImageErrorCode)[keyof typeof ImageErrorCode];

/** Every rejected image is a 400 with a specific code; messages are shown to staff. */
export const imageRejected = (
  code: ImageErrorCode,
  message: string,
  context?: Record<string, unknown>,
): DomainError => new DomainError('invalid', code, message, context ?? null);
