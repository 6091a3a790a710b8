import { validateEnv } from '@app/config';
import { buildMediaOptions, MediaEnv } from './media.env';

const fallback = Buffer.alloc(32, 7);

describe('MediaEnv', () => {
  it('has the documented defaults', () => {
    const options = buildMediaOptions(validateEnv(MediaEnv, {}), fallback);
    expect(options.storage).toEqual({ driver: 'local', localRoot: './uploads' });
    expect(options.images).toEqual({
      maxPixels: 89_478_485,
      maxSide: 8192,
      maxConcurrentDecodes: 2,
      maxUploadBytes: 10 * 1024 * 1024,
      maxCaseImageBytes: 15 * 1024 * 1024,
    });
    expect(options.uploadRateLimitPerMinute).toBe(10);
    expect(options.signedUrls).toEqual({ secret: fallback, ttlSeconds: 900 });
    expect(options.publicBaseUrl).toBe('http://localhost:8000');
    expect(options.downloads).toMatchObject({
      allowedHosts: [],
      allowedPrivateCidrs: [],
      maxRedirects: 5,
      maxBytes: 15 * 1024 * 1024,
    });
  });

  it('uses an explicit signing secret and parses lists', () => {
    const options = buildMediaOptions(
      validateEnv(MediaEnv, {
        SIGNED_URL_SECRET: 'k'.repeat(32),
        API_BASE_URL: 'https://api.example.com/',
        CHATWOOT_STORAGE_DOMAIN: 'storage.googleapis.com, cdn.chatwoot.example',
        DOWNLOAD_ALLOWED_PRIVATE_CIDRS: '10.0.0.0/8,fd00::/8',
      }),
      fallback,
    );
    expect(options.signedUrls.secret).toBe('k'.repeat(32));
    expect(options.publicBaseUrl).toBe('https://api.example.com');
    expect(options.downloads.allowedHosts).toEqual([
      'storage.googleapis.com',
      'cdn.chatwoot.example',
    ]);
    expect(options.downloads.allowedPrivateCidrs).toEqual(['10.0.0.0/8', 'fd00::/8']);
  });

  it.each([
    [{ SIGNED_URL_SECRET: 'short' }, /SIGNED_URL_SECRET must be at least 32 characters/],
    [{ STORAGE_DRIVER: 's3' }, /STORAGE_DRIVER/],
    [{ IMAGE_MAX_SIZE_MB: '0' }, /IMAGE_MAX_SIZE_MB/],
    [{ API_BASE_URL: 'ftp://x' }, /API_BASE_URL/],
    [{ DOWNLOAD_ALLOWED_PRIVATE_CIDRS: '10.0.0.0/33' }, /DOWNLOAD_ALLOWED_PRIVATE_CIDRS/],
    [{ DOWNLOAD_ALLOWED_PRIVATE_CIDRS: 'intranet' }, /DOWNLOAD_ALLOWED_PRIVATE_CIDRS/],
  ])('rejects %p', (raw, message) => {
    expect(() => validateEnv(MediaEnv, raw)).toThrow(message);
  });
});
