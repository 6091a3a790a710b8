/** Image types we accept, keyed by canonical MIME type, with the extension we store them under. */
export const IMAGE_FORMATS = {
  'image/jpeg': { ext: 'jpg', sharpFormats: ['jpeg'] },
  'image/png': { ext: 'png', sharpFormats: ['png'] },
  'image/gif': { ext: 'gif', sharpFormats: ['gif'] },
  'image/webp': { ext: 'webp', sharpFormats: ['webp'] },
  'image/heic': { ext: 'heic', sharpFormats: ['heif'] },
  'image/heif': { ext: 'heif', sharpFormats: ['heif'] },
} as const;

export type ImageMimeType = keyof typeof IMAGE_FORMATS;

export const ALLOWED_IMAGE_MIME_TYPES = Object.keys(IMAGE_FORMATS) as ImageMimeType[];

/** Spellings clients send for the same type (`image/jpg`, `IMAGE/JPEG; charset=…`). */
const ALIASES: Record<string, ImageMimeType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
};

export const normaliseMimeType = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const bare = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return ALIASES[bare] ?? (bare || null);
};

export const isAllowedImageMime = (value: string | null): value is ImageMimeType =>
  value !== null && Object.prototype.hasOwnProperty.call(IMAGE_FORMATS, value);

/** HEIC and HEIF are the same container; clients label them either way. */
export const sameImageFamily = (a: ImageMimeType, b: ImageMimeType): boolean =>
  a === b || (a.startsWith('image/hei') && b.startsWith('image/hei'));

/** Content-Type for a stored file, from its extension (public routes serve by name). */
export const mimeForExtension = (fileName: string): ImageMimeType | null => {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'jpeg') return 'image/jpeg';
  const match = ALLOWED_IMAGE_MIME_TYPES.find((mime) => IMAGE_FORMATS[mime].ext === ext);
  return match ?? null;
};
