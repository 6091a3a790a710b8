import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { link, lstat, mkdir, open, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@app/domain';
import {
  assertSafeStorageName,
  assertStorageArea,
  invalidFileName,
  StorageErrorCode,
} from './storage-name';
import {
  ObjectStorage,
  PutOptions,
  StorageArea,
  StoredObjectReader,
  StoredObjectStat,
} from './storage.port';

const DIR_MODE = 0o750;
const FILE_MODE = 0o640;
// Refuse to follow a symlink planted in an area directory (0 where the platform lacks it).
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;

const tooLarge = (maxBytes: number): DomainError =>
  new DomainError(
    'invalid',
    StorageErrorCode.STORAGE_LIMIT_EXCEEDED,
    'El archivo supera el tamaño máximo permitido',
    { max_bytes: maxBytes },
  );

/** Passes bytes through and fails the pipeline as soon as more than `maxBytes` went by. */
class ByteLimit extends Transform {
  private seen = 0;

  public constructor(private readonly maxBytes: number) {
    super();
  }

  public override _transform(chunk: Buffer, _encoding: string, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) {
      callback(tooLarge(this.maxBytes));
      return;
    }
    callback(null, chunk);
  }
}

/**
 * Files in one directory per area under a configured root. Path safety does not rely on the
 * caller: every key is checked against the safe-name rule, the resolved path must sit directly
 * in the area directory, reads refuse symlinks (O_NOFOLLOW) and anything but regular files,
 * and writes go to a hidden temporary file that is hard-linked into place, so a reader never
 * sees half a file and an existing key is never overwritten.
 */
export class LocalDiskStorage extends ObjectStorage {
  private readonly root: string;

  public constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  public async put(
    area: StorageArea,
    key: string,
    data: Buffer | Readable,
    options: PutOptions = {},
  ): Promise<StoredObjectStat> {
    const target = this.pathFor(area, key);
    await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
    const temp = join(dirname(target), `.tmp-${randomUUID()}`);
    try {
      if (Buffer.isBuffer(data)) {
        if (options.maxBytes !== undefined && data.length > options.maxBytes) {
          throw tooLarge(options.maxBytes);
        }
        await writeFile(temp, data, { flag: 'wx', mode: FILE_MODE });
      } else {
        const sink = createWriteStream(temp, { flags: 'wx', mode: FILE_MODE });
        if (options.maxBytes === undefined) await pipeline(data, sink);
        else await pipeline(data, new ByteLimit(options.maxBytes), sink);
      }
      try {
        await link(temp, target);
      } catch (error) {
        if (errorCode(error) === 'EEXIST') {
          throw new DomainError(
            'conflict',
            StorageErrorCode.STORAGE_KEY_EXISTS,
            'El archivo ya existe',
          );
        }
        throw error;
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const stat = await this.stat(area, key);
    if (!stat) throw new Error(`stored object vanished: ${area}/${key}`);
    return stat;
  }

  public async get(area: StorageArea, key: string): Promise<StoredObjectReader | null> {
    const path = this.pathFor(area, key);
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | O_NOFOLLOW);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
      throw error;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      return {
        size: stat.size,
        modifiedAt: stat.mtime,
        // The stream owns the handle from here and closes it on end, error or destroy.
        stream: handle.createReadStream({ autoClose: true }),
      };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  public async stat(area: StorageArea, key: string): Promise<StoredObjectStat | null> {
    try {
      const stat = await lstat(this.pathFor(area, key));
      return stat.isFile() ? { size: stat.size, modifiedAt: stat.mtime } : null;
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      throw error;
    }
  }

  public async delete(area: StorageArea, key: string): Promise<boolean> {
    try {
      await unlink(this.pathFor(area, key));
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false;
      throw error;
    }
  }

  /** The absolute path of a key, after every containment check. */
  private pathFor(area: StorageArea, key: string): string {
    assertStorageArea(area);
    assertSafeStorageName(key);
    const areaDir = join(this.root, area);
    const full = resolve(areaDir, key);
    // Belt and braces: the name rule already forbids separators and dot segments.
    if (dirname(full) !== areaDir) throw invalidFileName();
    return full;
  }
}
