import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface UrlSignerOptions {
  /** HMAC key (at least 32 bytes of secret material). */
  secret: string | Buffer;
  defaultTtlSeconds: number;
  /** Absolute origin (and optional path prefix) this API is reached at, e.g. https://api.example.com */
  publicBaseUrl: string;
  /** Injectable clock for tests; milliseconds since the epoch. */
  now?: () => number;
}

export interface SignedUrl {
  /** Absolute URL including `expires` and `signature`. */
  url: string;
  path: string;
  /** Unix seconds. */
  expires: number;
  signature: string;
}

export type SignatureCheck = 'valid' | 'expired' | 'invalid';

const EXPIRES = /^\d{1,12}$/;
// base64url of a 32-byte HMAC-SHA256 without padding.
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A separate key for URL signing derived from another secret (HKDF), for deployments that do not
 * set SIGNED_URL_SECRET: a leaked signed URL then says nothing about the JWT key.
 */
export const deriveUrlSigningKey = (masterSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', masterSecret, 'msia', 'signed-urls/v1', 32));

/**
 * Short-lived URLs for files that must never be public (customer documents): the HMAC covers the
 * path and the expiry, so neither can be changed; verification is constant-time.
 */
export class UrlSigner {
  private readonly key: Buffer;
  private readonly baseUrl: string;
  private readonly now: () => number;

  public constructor(private readonly options: UrlSignerOptions) {
    this.key = Buffer.isBuffer(options.secret)
      ? options.secret
      : Buffer.from(options.secret, 'utf8');
    if (this.key.length < 32) throw new Error('URL signing secret must be at least 32 bytes');
    this.baseUrl = options.publicBaseUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  public sign(path: string, ttlSeconds = this.options.defaultTtlSeconds): SignedUrl {
    if (!path.startsWith('/') || path.includes('?') || path.includes('#')) {
      throw new Error(`cannot sign path ${path}`);
    }
    const expires = Math.floor(this.now() / 1000) + Math.max(1, Math.floor(ttlSeconds));
    const signature = this.mac(path, expires).toString('base64url');
    const query = new URLSearchParams({ expires: String(expires), signature });
    return { url: `${this.baseUrl}${path}?${query.toString()}`, path, expires, signature };
  }

  /** Checks untrusted query values for `path`; anything malformed is simply 'invalid'. */
  public verify(path: string, expires: unknown, signature: unknown): SignatureCheck {
    if (typeof expires !== 'string' || typeof signature !== 'string') return 'invalid';
    if (!EXPIRES.test(expires) || !SIGNATURE.test(signature)) return 'invalid';
    // Compare the canonical text, not decoded bytes: the last base64url character carries two
    // unused bits, so decoding would accept four spellings of one signature.
    const given = Buffer.from(signature, 'utf8');
    const expected = Buffer.from(this.mac(path, Number(expires)).toString('base64url'), 'utf8');
    // Check the MAC before the expiry so a forged URL never learns whether its date was fine.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 < this.now() ? 'expired' : 'valid';
  }

  private mac(path: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`v1\n${path}\n${expires}`).digest();
  }
}
