/**
 * `Content-Disposition: attachment` for a download name that may hold any character (customer
 * names, accents): an ASCII fallback `filename` (RFC 6266) plus the exact name in `filename*`
 * (RFC 5987). Quotes, backslashes, control characters and path separators never reach the header.
 */
export function attachmentDisposition(fileName: string): string {
  const safe = safeFileName(fileName);
  const ascii = safe
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(safe).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One path segment usable as a file name (also inside ZIP archives). */
export function safeFileName(name: string, fallback = 'archivo'): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : fallback;
}
