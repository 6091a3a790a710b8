import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLogEntity, UploadedImageEntity } from '@app/database';
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';

const MB = 1024 * 1024;

const noisy = (
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'gif' | 'webp',
): Promise<Buffer> =>
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

const expectErrorBody = (body: Record<string, unknown>, code?: string): void => {
  expect(body).toMatchObject({ success: false });
  expect(typeof body.error).toBe('string'); // the SPA shows body.detail || body.error
  expect(typeof body.log_ref).toBe('string');
  if (code) expect(body.error_code).toBe(code);
};

/** Admin image API over HTTP: upload attack suite, list/get/delete, auth and limits. */
describe('admin images (e2e)', () => {
  let api: TestApi;
  let root: string;
  let token: string;
  let username: string;
  let png: Buffer;
  let jpeg: Buffer;

  const http = () => request(api.app.getHttpServer());
  const upload = (buffer: Buffer, filename: string, contentType: string, query = '') =>
    http()
      .post(`/api/admin/images/upload${query}`)
      .set(bearer(token))
      .attach('file', buffer, { filename, contentType });
  const storedFiles = async (): Promise<string[]> =>
    readdir(join(root, 'images')).catch(() => [] as string[]);
  const rowCount = (): Promise<number> =>
    api.app.get(DataSource).getRepository(UploadedImageEntity).count();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'msia-images-e2e-'));
    api = await bootApi({
      env: { STORAGE_LOCAL_ROOT: root, IMAGE_MAX_SIZE_MB: '1', IMAGE_UPLOAD_RATE_LIMIT: '1000' },
    });
    const session = await loginAs(api, AdminRole.USER);
    token = session.token;
    username = session.user.username;
    png = await noisy(120, 80, 'png');
    jpeg = await noisy(120, 80, 'jpeg');
  });

  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
  });

  describe('authentication', () => {
    it.each([
      ['post', '/api/admin/images/upload'],
      ['get', '/api/admin/images'],
      ['get', '/api/admin/images/00000000-0000-0000-0000-000000000000'],
      ['delete', '/api/admin/images/00000000-0000-0000-0000-000000000000'],
    ] as const)('%s %s needs a token', async (method, path) => {
      const res = await http()[method](path).expect(401);
      expectErrorBody(res.body);
    });
  });

  describe('upload', () => {
    it('stores a valid PNG under a uuid name and answers 201 with the spec fields', async () => {
      const res = await upload(
        png,
        'Ficha técnica.png',
        'image/png',
        '?category=element&description=Escape%20homologado',
      ).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        filename: 'Ficha técnica.png',
        stored_filename: expect.stringMatching(/^[0-9a-f-]{36}\.png$/),
        mime_type: 'image/png',
        file_size: png.length,
        width: 120,
        height: 80,
        category: 'element',
        description: 'Escape homologado',
        uploaded_by: username,
        url: `/images/${res.body.stored_filename}`,
        created_at: expect.any(String),
      });
      const served = await http().get(res.body.url).buffer(true).expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
      const audit = await api.app
        .get(DataSource)
        .getRepository(AuditLogEntity)
        .findOneByOrFail({ entityId: res.body.id });
      expect(audit).toMatchObject({
        entityType: 'uploaded_image',
        action: 'create',
        user: username,
      });
    });

    it.each([
      ['jpeg', 'image/jpeg', 'jpg'],
      ['gif', 'image/gif', 'gif'],
      ['webp', 'image/webp', 'webp'],
    ] as const)('accepts %s', async (format, mime, ext) => {
      const res = await upload(await noisy(40, 30, format), `a.${ext}`, mime).expect(201);
      expect(res.body.mime_type).toBe(mime);
      expect(res.body.stored_filename.endsWith(`.${ext}`)).toBe(true);
    });

    describe('attack suite: nothing is stored, the answer is a 4xx in the error shape', () => {
      const rejected = async (
        buffer: Buffer,
        filename: string,
        contentType: string,
        status: number,
        codes: string[],
      ): Promise<void> => {
        const filesBefore = await storedFiles();
        const rowsBefore = await rowCount();
        const res = await upload(buffer, filename, contentType);
        expect(res.status).toBe(status);
        expectErrorBody(res.body);
        expect(codes).toContain(res.body.error_code);
        expect(await storedFiles()).toEqual(filesBefore);
        expect(await rowCount()).toBe(rowsBefore);
      };

      it('wrong magic number: HTML declared as PNG', async () => {
        const html = Buffer.from(
          `<!doctype html><script>alert(document.cookie)</script>${' '.repeat(300)}`,
        );
        await rejected(html, 'cat.png', 'image/png', 400, ['IMAGE_TYPE_UNRECOGNISED']);
      });

      it('wrong magic number: SVG with script', async () => {
        const svg = Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>${' '.repeat(300)}</svg>`,
        );
        await rejected(svg, 'logo.svg', 'image/svg+xml', 400, ['IMAGE_TYPE_NOT_ALLOWED']);
        await rejected(svg, 'logo.png', 'image/png', 400, ['IMAGE_TYPE_UNRECOGNISED']);
      });

      it('polyglot: a JPEG header followed by HTML', async () => {
        const polyglot = Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
          Buffer.from('<html><script>fetch("/api/admin/admin-users")</script></html>'.repeat(5)),
        ]);
        await rejected(polyglot, 'photo.jpg', 'image/jpeg', 400, ['IMAGE_CORRUPT']);
      });

      it('polyglot: declared image/png carrying a JPEG', async () => {
        await rejected(jpeg, 'photo.png', 'image/png', 400, ['IMAGE_TYPE_MISMATCH']);
      });

      it('truncated image', async () => {
        const full = await noisy(300, 200, 'jpeg');
        await rejected(full.subarray(0, Math.floor(full.length / 2)), 't.jpg', 'image/jpeg', 400, [
          'IMAGE_CORRUPT',
        ]);
      });

      it('oversized file (413, multer limit, no 500)', async () => {
        const big = await noisy(800, 800, 'png');
        expect(big.length).toBeGreaterThan(MB);
        await rejected(big, 'big.png', 'image/png', 413, ['IMAGE_TOO_LARGE']);
      });

      it('empty file', async () => {
        await rejected(Buffer.alloc(0), 'empty.png', 'image/png', 400, ['IMAGE_TOO_SMALL']);
      });
    });

    describe('hostile file names never become paths', () => {
      it.each([
        ['../../etc/passwd', 'passwd'],
        ['..\\..\\windows\\win.ini', 'win.ini'],
        ['/etc/cron.d/evil.png', 'evil.png'],
        ['.htaccess', 'htaccess'],
        ['evil\u202egnp.exe', 'evilgnp.exe'],
        ['名前 ñandú.png', '名前 ñandú.png'],
        ['<img src=x onerror=alert(1)>.png', '_img src_x onerror_alert(1)_.png'],
      ])('%p is stored as a uuid and shown as %p', async (name, shown) => {
        const res = await upload(png, name, 'image/png').expect(201);
        expect(res.body.filename).toBe(shown);
        expect(res.body.stored_filename).toMatch(/^[0-9a-f-]{36}\.png$/);
        expect(await storedFiles()).toContain(res.body.stored_filename);
        await expect(access(join(root, 'etc'))).rejects.toThrow();
        await expect(access(join(root, '..', 'etc', 'passwd.png'))).rejects.toThrow();
      });

      it('a NUL byte in the name is removed or refused, never a 500', async () => {
        const res = await upload(png, 'x.png\u0000.php', 'image/png');
        expect([201, 400]).toContain(res.status);
        if (res.status === 201) expect(res.body.filename).not.toContain('\u0000');
      });
    });

    describe('multipart problems come back as 4xx in the error shape', () => {
      it('file in the wrong field', async () => {
        const res = await http()
          .post('/api/admin/images/upload')
          .set(bearer(token))
          .attach('image', png, { filename: 'a.png', contentType: 'image/png' })
          .expect(400);
        expectErrorBody(res.body, 'UNEXPECTED_FILE_FIELD');
      });

      it('two files', async () => {
        const res = await http()
          .post('/api/admin/images/upload')
          .set(bearer(token))
          .attach('file', png, { filename: 'a.png', contentType: 'image/png' })
          .attach('file', png, { filename: 'b.png', contentType: 'image/png' })
          .expect(400);
        expectErrorBody(res.body);
      });

      it('no file at all', async () => {
        const res = await http()
          .post('/api/admin/images/upload')
          .set(bearer(token))
          .field('category', 'x')
          .expect(400);
        expectErrorBody(res.body, 'IMAGE_REQUIRED');
      });

      it('a JSON body instead of multipart', async () => {
        const res = await http()
          .post('/api/admin/images/upload')
          .set(bearer(token))
          .send({ file: 'x' })
          .expect(400);
        expectErrorBody(res.body, 'IMAGE_REQUIRED');
      });

      it('a broken multipart body', async () => {
        const res = await http()
          .post('/api/admin/images/upload')
          .set(bearer(token))
          .set('Content-Type', 'multipart/form-data; boundary=XYZ')
          .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc')
          .expect(400);
        expectErrorBody(res.body, 'INVALID_MULTIPART');
      });

      it('an invalid category', async () => {
        const res = await upload(png, 'a.png', 'image/png', '?category=../../x').expect(422);
        expectErrorBody(res.body, 'VALIDATION_FAILED');
      });
    });
  });

  describe('list, get, delete', () => {
    const ids: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 3; i += 1) {
        const res = await upload(png, `gallery-${i}.png`, 'image/png', '?category=gallery').expect(
          201,
        );
        ids.push(res.body.id);
      }
    });

    it('lists by category, newest first, with has_more', async () => {
      const first = await http()
        .get('/api/admin/images?category=gallery&limit=2')
        .set(bearer(token))
        .expect(200);
      expect(first.body.total).toBe(3);
      expect(first.body.has_more).toBe(true);
      expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
      const rest = await http()
        .get('/api/admin/images?category=gallery&limit=2&offset=2')
        .set(bearer(token))
        .expect(200);
      expect(rest.body).toMatchObject({ total: 3, has_more: false });
      expect(rest.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);
    });

    it('lists everything with the default limit', async () => {
      const res = await http().get('/api/admin/images').set(bearer(token)).expect(200);
      expect(res.body.total).toBeGreaterThanOrEqual(3);
      expect(res.body.items.length).toBe(Math.min(50, res.body.total));
    });

    it.each(['limit=201', 'limit=0', 'limit=abc', 'offset=-1', 'category=a%2Fb', 'foo=bar'])(
      'rejects the bad query %s with 422',
      async (query) => {
        const res = await http().get(`/api/admin/images?${query}`).set(bearer(token)).expect(422);
        expectErrorBody(res.body, 'VALIDATION_FAILED');
      },
    );

    it('gets one image', async () => {
      const res = await http().get(`/api/admin/images/${ids[0]}`).set(bearer(token)).expect(200);
      expect(res.body).toMatchObject({
        id: ids[0],
        filename: 'gallery-0.png',
        category: 'gallery',
      });
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      expectErrorBody(
        (await http().get('/api/admin/images/not-a-uuid').set(bearer(token)).expect(400)).body,
        'INVALID_ID',
      );
      expectErrorBody(
        (
          await http()
            .get('/api/admin/images/00000000-0000-4000-8000-000000000000')
            .set(bearer(token))
            .expect(404)
        ).body,
        'NOT_FOUND',
      );
    });

    it('deletes the row and the file (204), then 404', async () => {
      const image = await http().get(`/api/admin/images/${ids[1]}`).set(bearer(token)).expect(200);
      await http().get(image.body.url).expect(200);
      const res = await http().delete(`/api/admin/images/${ids[1]}`).set(bearer(token)).expect(204);
      expect(res.text).toBe('');
      await http().get(`/api/admin/images/${ids[1]}`).set(bearer(token)).expect(404);
      await http().get(image.body.url).expect(404);
      expect(await storedFiles()).not.toContain(image.body.stored_filename);
      await http().delete(`/api/admin/images/${ids[1]}`).set(bearer(token)).expect(404);
      const audit = await api.app
        .get(DataSource)
        .getRepository(AuditLogEntity)
        .findOneByOrFail({ entityId: ids[1], action: 'delete' });
      expect(audit.user).toBe(username);
    });
  });
});

describe('admin images: pixel bomb and rate limit (e2e)', () => {
  let api: TestApi;
  let root: string;
  let png: Buffer;

  const http = () => request(api.app.getHttpServer());

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'msia-images-limit-e2e-'));
    api = await bootApi({
      env: { STORAGE_LOCAL_ROOT: root, IMAGE_MAX_SIZE_MB: '10', IMAGE_UPLOAD_RATE_LIMIT: '3' },
    });
    png = await noisy(60, 40, 'png');
  });

  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('rejects a 20000×20000 pixel bomb from its header, without decoding it', async () => {
    const { token } = await loginAs(api, AdminRole.ADMIN);
    const bomb = await sharp({
      create: { width: 20000, height: 20000, channels: 3, background: '#000' },
      limitInputPixels: false,
    })
      .greyscale()
      .png({ compressionLevel: 9 })
      .toBuffer();
    const res = await http()
      .post('/api/admin/images/upload')
      .set(bearer(token))
      .attach('file', bomb, { filename: 'bomb.png', contentType: 'image/png' })
      .expect(400);
    expect(['IMAGE_DIMENSIONS_EXCEEDED', 'IMAGE_PIXEL_LIMIT_EXCEEDED']).toContain(
      res.body.error_code,
    );
    expect(res.body.context).toMatchObject({ width: 20000, height: 20000 });
    expect(await readdir(join(root, 'images')).catch(() => [])).toEqual([]);
  });

  it('allows IMAGE_UPLOAD_RATE_LIMIT uploads per user per minute, then 429 with Retry-After', async () => {
    const alice = await loginAs(api, AdminRole.USER);
    const bob = await loginAs(api, AdminRole.USER);
    const send = (token: string) =>
      http()
        .post('/api/admin/images/upload')
        .set(bearer(token))
        .attach('file', png, { filename: 'a.png', contentType: 'image/png' });
    for (let i = 0; i < 3; i += 1) await send(alice.token).expect(201);
    const limited = await send(alice.token).expect(429);
    expect(limited.body).toMatchObject({
      success: false,
      error_category: 'rate_limit_error',
      error_code: 'RATE_LIMITED',
    });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The counter lives in Redis (shared by every api replica), per user.
    const keys = await api.redis.raw.keys(`${api.redis.keyPrefix}ratelimit:image-upload:*`);
    expect(keys).toContain(`${api.redis.keyPrefix}ratelimit:image-upload:${alice.user.id}`);
    await send(bob.token).expect(201);
  });
});
