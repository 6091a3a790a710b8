import { deriveUrlSigningKey, UrlSigner } from './url-signer';

const SECRET = 's'.repeat(32);

describe('UrlSigner', () => {
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const signer = new UrlSigner({
    secret: SECRET,
    defaultTtlSeconds: 600,
    publicBaseUrl: 'https://api.example.com/',
    now: () => now,
  });

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1, 12, 0, 0);
  });

  const parse = (url: string) => {
    const parsed = new URL(url);
    return {
      path: parsed.pathname,
      expires: parsed.searchParams.get('expires'),
      signature: parsed.searchParams.get('signature'),
    };
  };

  it('signs an absolute URL that verifies until it expires', () => {
    const signed = signer.sign('/case-images/abc.jpg');
    expect(signed.url).toMatch(
      /^https:\/\/api\.example\.com\/case-images\/abc\.jpg\?expires=\d+&signature=[\w-]{43}$/,
    );
    expect(signed.expires).toBe(now / 1000 + 600);
    const { path, expires, signature } = parse(signed.url);
    expect(signer.verify(path, expires, signature)).toBe('valid');
    now += 600_000;
    expect(signer.verify(path, expires, signature)).toBe('valid');
    now += 1000;
    expect(signer.verify(path, expires, signature)).toBe('expired');
  });

  it('honours a custom TTL', () => {
    expect(signer.sign('/x', 30).expires).toBe(now / 1000 + 30);
  });

  it('rejects a signature for another path', () => {
    const { expires, signature } = parse(signer.sign('/case-images/a.jpg').url);
    expect(signer.verify('/case-images/b.jpg', expires, signature)).toBe('invalid');
  });

  it('rejects an extended expiry', () => {
    const { path, expires, signature } = parse(signer.sign('/case-images/a.jpg').url);
    expect(signer.verify(path, String(Number(expires) + 3600), signature)).toBe('invalid');
  });

  it('rejects a flipped signature character', () => {
    const { path, expires, signature } = parse(signer.sign('/case-images/a.jpg').url);
    const flipped = `${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`;
    expect(signer.verify(path, expires, flipped)).toBe('invalid');
  });

  it('accepts only the canonical spelling of a signature (no padding-bit variants)', () => {
    // Sign many paths so some signatures end in each padding group; every other spelling of the
    // last character (same decoded bytes or not) must fail.
    for (let i = 0; i < 64; i += 1) {
      const { path, expires, signature } = parse(signer.sign(`/case-images/${i}.jpg`).url);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      for (const char of alphabet) {
        if (char === signature!.at(-1)) continue;
        expect(signer.verify(path, expires, `${signature!.slice(0, -1)}${char}`)).toBe('invalid');
      }
    }
  });

  it('rejects a signature made with another secret', () => {
    const other = new UrlSigner({
      secret: 'o'.repeat(32),
      defaultTtlSeconds: 600,
      publicBaseUrl: 'https://api.example.com',
      now: () => now,
    });
    const { path, expires, signature } = parse(other.sign('/case-images/a.jpg').url);
    expect(signer.verify(path, expires, signature)).toBe('invalid');
  });

  it.each([
    [undefined, undefined],
    ['', ''],
    ['abc', 'x'.repeat(43)],
    ['1e12', 'x'.repeat(43)],
    ['-1', 'x'.repeat(43)],
    ['9999999999', 'short'],
    ['9999999999', 'x'.repeat(44)],
    [['1', '2'], 'x'.repeat(43)],
  ])('treats malformed input (%p, %p) as invalid', (expires, signature) => {
    expect(signer.verify('/case-images/a.jpg', expires, signature)).toBe('invalid');
  });

  it('refuses to sign a path with a query or without a leading slash', () => {
    expect(() => signer.sign('case-images/a.jpg')).toThrow();
    expect(() => signer.sign('/a?b=c')).toThrow();
  });

  it('refuses a short secret', () => {
    expect(
      () => new UrlSigner({ secret: 'short', defaultTtlSeconds: 1, publicBaseUrl: 'http://x' }),
    ).toThrow(/32 bytes/);
  });

  it('derives a stable 32-byte key that differs from the master secret', () => {
    const key = deriveUrlSigningKey(SECRET);
    expect(key).toHaveLength(32);
    expect(key.equals(deriveUrlSigningKey(SECRET))).toBe(true);
    expect(key.equals(Buffer.from(SECRET))).toBe(false);
    expect(key.equals(deriveUrlSigningKey(`${SECRET}x`))).toBe(false);
  });
});
