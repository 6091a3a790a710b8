import sharp from 'sharp';
import { DomainError } from '@app/domain';
import { ImageValidator, ValidateImageInput } from './image-validator';

const MB = 1024 * 1024;
const validator = new ImageValidator({
  maxPixels: 4_000_000,
  maxSide: 3000,
  maxConcurrentDecodes: 2,
});
const input = (extra: Partial<ValidateImageInput> = {}): ValidateImageInput => ({
  maxBytes: MB,
  ...extra,
});

const make = (format: 'jpeg' | 'png' | 'gif' | 'webp', width = 64, height = 48): Promise<Buffer> =>
  // Noise, so even a tiny GIF or WebP is well above the 100-byte floor.
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .toFormat(format)
    .toBuffer();

const rejection = async (promise: Promise<unknown>): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return error as DomainError;
  }
  throw new Error('expected the image to be rejected');
};

describe('ImageValidator', () => {
  it.each([
    ['jpeg', 'image/jpeg', 'jpg'],
    ['png', 'image/png', 'png'],
    ['gif', 'image/gif', 'gif'],
    ['webp', 'image/webp', 'webp'],
  ] as const)('accepts a real %s (%s) stored as <uuid>.%s', async (format, mime, ext) => {
    const buffer = await make(format);
    const result = await validator.validate(
      buffer,
      input({ declaredMime: mime, originalName: `a.${ext}` }),
    );
    expect(result).toMatchObject({
      mimeType: mime,
      extension: ext,
      width: 64,
      height: 48,
      size: buffer.length,
    });
    expect(result.storageName).toMatch(new RegExp(`^[0-9a-f-]{36}\\.${ext}$`));
    expect(result.originalName).toBe(`a.${ext}`);
  });

  it('accepts image/jpg and a missing or generic declared type', async () => {
    const jpeg = await make('jpeg');
    await expect(
      validator.validate(jpeg, input({ declaredMime: 'image/jpg' })),
    ).resolves.toBeDefined();
    await expect(validator.validate(jpeg, input({ declaredMime: null }))).resolves.toBeDefined();
    await expect(
      validator.validate(jpeg, input({ declaredMime: 'application/octet-stream' })),
    ).resolves.toBeDefined();
  });

  it('rejects a file over the byte limit before looking at it', async () => {
    const error = await rejection(validator.validate(Buffer.alloc(2 * MB), input()));
    expect(error.code).toBe('IMAGE_TOO_LARGE');
  });

  it('rejects a tiny file', async () => {
    expect((await rejection(validator.validate(Buffer.alloc(10), input()))).code).toBe(
      'IMAGE_TOO_SMALL',
    );
  });

  it('rejects a declared type outside the allow-list', async () => {
    const error = await rejection(
      validator.validate(await make('png'), input({ declaredMime: 'image/svg+xml' })),
    );
    expect(error.code).toBe('IMAGE_TYPE_NOT_ALLOWED');
  });

  it('rejects content whose magic number is not an allowed image', async () => {
    const html = Buffer.from(`<html><script>alert(1)</script>${' '.repeat(200)}</html>`);
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">${' '.repeat(200)}</svg>`,
    );
    const pdf = Buffer.from(`%PDF-1.4\n${'x'.repeat(200)}`);
    for (const buffer of [html, svg, pdf]) {
      const error = await rejection(
        validator.validate(buffer, input({ declaredMime: 'image/png' })),
      );
      expect(error.code).toBe('IMAGE_TYPE_UNRECOGNISED');
    }
  });

  it('rejects a declared PNG that carries a JPEG', async () => {
    const error = await rejection(
      validator.validate(await make('jpeg'), input({ declaredMime: 'image/png' })),
    );
    expect(error.code).toBe('IMAGE_TYPE_MISMATCH');
    expect(error.context).toMatchObject({
      declared_type: 'image/png',
      detected_type: 'image/jpeg',
    });
  });

  it('rejects a JPEG header followed by HTML (polyglot)', async () => {
    const polyglot = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
      Buffer.from('<html><body><script>fetch("/api/admin/users")</script></body></html>'.repeat(4)),
    ]);
    expect((await rejection(validator.validate(polyglot, input()))).code).toBe('IMAGE_CORRUPT');
  });

  it.each(['jpeg', 'png'] as const)('rejects a truncated %s', async (format) => {
    const full = await make(format, 400, 300);
    const truncated = full.subarray(0, Math.floor(full.length * 0.7));
    expect((await rejection(validator.validate(truncated, input()))).code).toBe('IMAGE_CORRUPT');
  });

  it('rejects an image wider than the side limit', async () => {
    const wide = await make('png', 3001, 10);
    const error = await rejection(validator.validate(wide, input()));
    expect(error.code).toBe('IMAGE_DIMENSIONS_EXCEEDED');
  });

  it('rejects a pixel bomb from its header', async () => {
    // 2500 × 2000 = 5 M pixels > 4 M, each side within the 3000 limit.
    const bomb = await sharp({
      create: { width: 2500, height: 2000, channels: 3, background: '#000' },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(MB);
    const error = await rejection(validator.validate(bomb, input()));
    expect(error.code).toBe('IMAGE_PIXEL_LIMIT_EXCEEDED');
    expect(error.context).toMatchObject({ width: 2500, height: 2000 });
  });

  it('sanitises the uploaded file name', async () => {
    const result = await validator.validate(
      await make('png'),
      input({ originalName: '../../etc/passwd\u0000.png' }),
    );
    expect(result.originalName).toBe('passwd.png');
    expect(result.storageName).not.toContain('passwd');
  });
});
