import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { UrlSigner } from '@app/media';
import { ObjectStorage } from '@app/storage';
import { ImageFilesService } from '../../apps/api/src/images/image-files.service';
import { bootApi, TestApi } from '../support/api';

const PNG_NAME = '0b6f7f7e-6c1e-4c8e-9d0a-2f4c1d9b7a10.png';
const CASE_NAME = '5c9e1f0a-7d3b-4b8e-a1c2-3e4f5a6b7c8d.jpg';
const SECRET_CONTENT = 'root:x:0:0:SHOULD-NEVER-BE-SERVED';

/** Public catalogue images and signed customer photos, over HTTP, against real files. */
describe('image file routes (e2e)', () => {
  let api: TestApi;
  let root: string;
  let png: Buffer;
  let jpeg: Buffer;

  const http = () => request(api.app.getHttpServer());
  const signedPath = (name: string): string => {
    const url = new URL(api.app.get(ImageFilesService).signCaseImageUrl(name));
    return `${url.pathname}${url.search}`;
  };
  const expectNoLeak = (res: request.Response): void => {
    expect(res.text ?? '').not.toContain('SHOULD-NEVER-BE-SERVED');
    expect(res.body?.toString?.() ?? '').not.toContain('SHOULD-NEVER-BE-SERVED');
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'msia-files-e2e-'));
    api = await bootApi({
      env: { STORAGE_LOCAL_ROOT: join(root, 'store'), API_BASE_URL: 'https://api.example.com' },
    });
    png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } })
      .png()
      .toBuffer();
    jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a00' } })
      .jpeg()
      .toBuffer();
    const storage = api.app.get(ObjectStorage);
    await storage.put('images', PNG_NAME, png);
    await storage.put('case-images', CASE_NAME, jpeg);
    await storage.put('images', 'notes.txt', Buffer.from('plain text'));
    // Targets a traversal would aim for: a file at the storage root and one outside it.
    await writeFile(join(root, 'store', 'secret.png'), SECRET_CONTENT);
    await writeFile(join(root, 'passwd'), SECRET_CONTENT);
    await mkdir(join(root, 'store', 'images'), { recursive: true });
    await symlink(join(root, 'passwd'), join(root, 'store', 'images', 'link.png'));
  });

  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
  });

  describe('GET /images/{filename} (public)', () => {
    it('serves a stored image with its type, nosniff and a sandbox CSP', async () => {
      const res = await http().get(`/images/${PNG_NAME}`).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-length']).toBe(String(png.length));
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain('sandbox');
      expect(Buffer.compare(res.body as Buffer, png)).toBe(0);
    });

    it('answers 404 in the error shape for a missing image', async () => {
      const res = await http().get('/images/00000000-0000-0000-0000-000000000000.png').expect(404);
      expect(res.body).toMatchObject({ success: false, error_category: 'not_found_error' });
    });

    it.each([
      '..%2f..%2fpasswd',
      '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '..%2fsecret.png',
      '%2e%2e%2fsecret.png',
      '..%5csecret.png',
      '.hidden.png',
      '..',
      '%2e%2e',
      'x.png%00.txt',
      '%00',
      'caf%C3%A9.png',
      '%EF%BC%8E%EF%BC%8E%EF%BC%8Fsecret.png', // full-width "../"
      '%252e%252e%252fsecret.png', // double-encoded
    ])('refuses the hostile name %s with 400', async (name) => {
      const res = await http().get(`/images/${name}`).expect(400);
      expect(res.body).toMatchObject({ success: false, error_code: 'INVALID_FILE_NAME' });
      expectNoLeak(res);
    });

    it.each(['/images/../secret.png', '/images/../../passwd', '/images/a/../../secret.png'])(
      'never serves a file outside the area for the raw path %s',
      async (path) => {
        const res = await http().get(path);
        expect([400, 404]).toContain(res.status);
        expectNoLeak(res);
      },
    );

    it('does not follow a symlink planted in the area', async () => {
      const res = await http().get('/images/link.png').expect(404);
      expectNoLeak(res);
    });

    it('serves only image extensions', async () => {
      await http().get('/images/notes.txt').expect(400);
    });

    it('does not serve customer case photos', async () => {
      await http().get(`/images/${CASE_NAME}`).expect(404);
    });
  });

  describe('GET /case-images/{filename} (signed URLs only)', () => {
    it('serves the photo through a freshly signed URL, never cached', async () => {
      const path = signedPath(CASE_NAME);
      expect(path).toMatch(/^\/case-images\/[\w-]+\.jpg\?expires=\d+&signature=[\w-]{43}$/);
      const res = await http().get(path).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(res.body as Buffer, jpeg)).toBe(0);
    });

    it('builds absolute URLs from API_BASE_URL', () => {
      const url = api.app.get(ImageFilesService).signCaseImageUrl(CASE_NAME);
      expect(url.startsWith(`https://api.example.com/case-images/${CASE_NAME}?`)).toBe(true);
    });

    it('refuses an unsigned request with 403 in the error shape', async () => {
      const res = await http().get(`/case-images/${CASE_NAME}`).expect(403);
      expect(res.body).toMatchObject({ success: false, error_category: 'permission_error' });
    });

    it('refuses a tampered signature, expiry or file name', async () => {
      const url = new URL(signedPath(CASE_NAME), 'http://x');
      const expires = url.searchParams.get('expires')!;
      const signature = url.searchParams.get('signature')!;
      const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
      await http()
        .get(`/case-images/${CASE_NAME}?expires=${expires}&signature=${flipped}`)
        .expect(403);
      await http()
        .get(`/case-images/${CASE_NAME}?expires=${Number(expires) + 86400}&signature=${signature}`)
        .expect(403);
      const other = '11111111-2222-3333-4444-555555555555.jpg';
      await http()
        .get(`/case-images/${other}?expires=${expires}&signature=${signature}`)
        .expect(403);
      await http()
        .get(
          `/case-images/${CASE_NAME}?expires=${expires}&expires=${expires}&signature=${signature}`,
        )
        .expect(403);
    });

    it('refuses an expired signature', async () => {
      const expired = new UrlSigner({
        secret: api.config.media.signedUrls.secret,
        defaultTtlSeconds: 60,
        publicBaseUrl: 'http://x',
        now: () => Date.now() - 3600_000,
      }).sign(`/case-images/${CASE_NAME}`);
      const url = new URL(expired.url);
      await http().get(`${url.pathname}${url.search}`).expect(403);
    });

    it('does not reveal whether a file exists without a signature', async () => {
      await http().get('/case-images/..%2f..%2fpasswd').expect(403);
      await http().get('/case-images/missing.jpg').expect(403);
    });

    it('answers 404 for a validly signed URL of a missing file', async () => {
      await http().get(signedPath('99999999-2222-3333-4444-555555555555.jpg')).expect(404);
    });

    it('does not serve catalogue images from the case area', async () => {
      await http().get(signedPath(PNG_NAME)).expect(404);
    });
  });
});
