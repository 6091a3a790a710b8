const MAX_LENGTH = 255;
// C0/C1 controls (incl. NUL), bidi overrides/isolates and zero-width characters that can make
// "gpj.exe" look like "exe.jpg" in the panel.
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Anything but letters, digits, space and a few harmless punctuation marks becomes "_".
const UNSAFE = /[^\p{L}\p{M}\p{N} ._()[\]+-]/gu;

/**
 * The client's file name, kept only for display: the last path segment of whatever was sent
 * (both `/` and `\`), NFC-normalised, without control or bidi characters, shell or HTML
 * metacharacters, leading dots or surrounding blanks, and at most 255 characters.
 * It never becomes a path; stored files get a generated name.
 */
export function sanitiseOriginalFileName(
  raw: string | null | undefined,
  fallback = 'image',
): string {
  if (!raw) return fallback;
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .trim();
  if (!cleaned || /^[_. ]*$/.test(cleaned)) return fallback;
  if (cleaned.length <= MAX_LENGTH) return cleaned;
  // Keep the extension when truncating; count code points, not UTF-16 units.
  const chars = Array.from(cleaned);
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return chars.slice(0, MAX_LENGTH - ext.length).join('') + ext;
}
