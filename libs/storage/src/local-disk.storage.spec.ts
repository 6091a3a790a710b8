import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { DomainError } from '@app/domain';
import { LocalDiskStorage } from './local-disk.storage';
import { isSafeStorageName } from './storage-name';
import { StorageArea } from './storage.port';

describe('isSafeStorageName', () => {
  it.each(['3f2a.jpg', 'a', 'A_b-c.1.png', '0'.repeat(255)])('accepts %p', (name) => {
    expect(isSafeStorageName(name)).toBe(true);
  });

  it.each([
    '',
    '.',
    '..',
    '.hidden.jpg',
    '.tmp-123',
    '../x.jpg',
    '..%2fx.jpg',
    'a/b.jpg',
    'a\\b.jpg',
    '/etc/passwd',
    'x.jpg\u0000.png',
    'x y.jpg',
    'café.jpg',
    'ｘ.jpg', // full-width look-alike
    'a'.repeat(256),
    undefined,
    42,
  ])('rejects %p', (name) => {
    expect(isSafeStorageName(name)).toBe(false);
  });
});

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'msia-storage-'));
    storage = new LocalDiskStorage(join(root, 'store'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores a buffer, reads it back, stats and deletes it', async () => {
    const stat = await storage.put('images', 'a.jpg', Buffer.from('hello'));
    expect(stat.size).toBe(5);
    const reader = await storage.get('images', 'a.jpg');
    expect(reader?.size).toBe(5);
    expect(await text(reader!.stream)).toBe('hello');
    expect(await storage.stat('images', 'a.jpg')).toMatchObject({ size: 5 });
    expect(await storage.delete('images', 'a.jpg')).toBe(true);
    expect(await storage.delete('images', 'a.jpg')).toBe(false);
    expect(await storage.get('images', 'a.jpg')).toBeNull();
    expect(await storage.stat('images', 'a.jpg')).toBeNull();
  });

  it('keeps areas apart', async () => {
    await storage.put('case-images', 'doc.jpg', Buffer.from('secret'));
    expect(await storage.get('images', 'doc.jpg')).toBeNull();
    expect(await readFile(join(root, 'store', 'case-images', 'doc.jpg'), 'utf8')).toBe('secret');
  });

  it('stores a stream and leaves no temporary file behind', async () => {
    await storage.put('images', 'b.png', Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
    expect(await readdir(join(root, 'store', 'images'))).toEqual(['b.png']);
  });

  it('aborts a stream beyond maxBytes and leaves nothing behind', async () => {
    const big = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(storage.put('images', 'c.png', big, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'STORAGE_LIMIT_EXCEEDED',
    });
    expect(await readdir(join(root, 'store', 'images'))).toEqual([]);
  });

  it('never overwrites an existing key', async () => {
    await storage.put('images', 'd.jpg', Buffer.from('first'));
    await expect(storage.put('images', 'd.jpg', Buffer.from('second'))).rejects.toMatchObject({
      kind: 'conflict',
    });
    expect(await readFile(join(root, 'store', 'images', 'd.jpg'), 'utf8')).toBe('first');
  });

  it.each(['../images/x.jpg', '..', '.tmp-1', 'a/b', '%2e%2e', 'x\u0000.jpg'])(
    'rejects the key %p on every operation',
    async (key) => {
      const calls = [
        storage.put('images', key, Buffer.from('x')),
        storage.get('images', key),
        storage.stat('images', key),
        storage.delete('images', key),
      ];
      for (const call of calls) {
        await expect(call).rejects.toBeInstanceOf(DomainError);
        await expect(call).rejects.toMatchObject({ code: 'INVALID_FILE_NAME' });
      }
    },
  );

  it('rejects an unknown area', async () => {
    await expect(storage.get('etc' as StorageArea, 'passwd')).rejects.toThrow(
      /unknown storage area/,
    );
  });

  it('does not follow a symlink planted in an area', async () => {
    const outside = join(root, 'outside.txt');
    await writeFile(outside, 'do not leak');
    await mkdir(join(root, 'store', 'images'), { recursive: true });
    await symlink(outside, join(root, 'store', 'images', 'link.jpg'));
    expect(await storage.get('images', 'link.jpg')).toBeNull();
    expect(await storage.stat('images', 'link.jpg')).toBeNull();
  });

  it('does not serve a directory', async () => {
    await mkdir(join(root, 'store', 'images', 'dir.jpg'), { recursive: true });
    expect(await storage.get('images', 'dir.jpg')).toBeNull();
    expect(await storage.stat('images', 'dir.jpg')).toBeNull();
  });
});
