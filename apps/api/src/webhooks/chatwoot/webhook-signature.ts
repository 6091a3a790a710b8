import { createHmac } from 'node:crypto';
import { safeEqual } from '../../common/security/safe-equal';

export { safeEqual };

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'mismatch';

/**
 * Chatwoot signs `"<X-Chatwoot-Timestamp>.<raw body>"` with HMAC-SHA256 and sends
 * `X-Chatwoot-Signature: sha256=<hex>` (PR #13573). Timestamps outside ±maxAge are replays.
 */
export function checkChatwootSignature(
  secret: string,
  rawBody: Buffer,
  signatureHeader: string | undefined,
  timestampHeader: string | undefined,
  maxAgeSeconds: number,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!signatureHeader || !timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) return 'missing';
  if (Math.abs(nowSeconds - Number(timestampHeader)) > maxAgeSeconds) return 'stale';
  const expected = createHmac('sha256', secret)
    .update(`${timestampHeader}.`)
    .update(rawBody)
    .digest('hex');
  const given = signatureHeader
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  return safeEqual(given, expected) ? 'ok' : 'mismatch';
}

/** Builds the headers Chatwoot would send (tests, benchmarks). */
export function signChatwootBody(
  secret: string,
  rawBody: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): { 'X-Chatwoot-Timestamp': string; 'X-Chatwoot-Signature': string } {
  const signature = createHmac('sha256', secret).update(`${nowSeconds}.${rawBody}`).digest('hex');
  return {
    'X-Chatwoot-Timestamp': String(nowSeconds),
    'X-Chatwoot-Signature': `sha256=${signature}`,
  };
}
