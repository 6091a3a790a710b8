import { Readable } from 'node:stream';

/**
 * Logical areas of the store. Each maps to its own directory (local driver) or key prefix
 * (object stores), so a key can never reach another area's files.
 */
export const STORAGE_AREAS = ['images', 'case-images', 'documents'] as const;
export type StorageArea = (typeof STORAGE_AREAS)[number];

export interface StoredObjectStat {
  /** Size in bytes. */
  size: number;
  modifiedAt: Date;
}

export interface StoredObjectReader extends StoredObjectStat {
  stream: Readable;
}

export interface PutOptions {
  /** Upper bound in bytes for stream input; the write fails and leaves nothing behind beyond it. */
  maxBytes?: number;
}

/**
 * The storage port: services store and read files only through it, so the local directory can
 * be swapped for an S3-compatible store by configuration. Keys are plain file names made by us
 * (`<uuid>.<ext>`); every implementation must reject anything else (see storage-name.ts).
 * There is deliberately no `list`: the database is the index of what exists.
 */
export abstract class ObjectStorage {
  /** Stores `data` under `area/key`, replacing nothing: an existing key is an error. */
  public abstract put(
    area: StorageArea,
    key: string,
    data: Buffer | Readable,
    options?: PutOptions,
  ): Promise<StoredObjectStat>;

  /** Opens the object for reading; null when it does not exist (or is not a regular file). */
  public abstract get(area: StorageArea, key: string): Promise<StoredObjectReader | null>;

  public abstract stat(area: StorageArea, key: string): Promise<StoredObjectStat | null>;

  /** Removes the object; false when there was nothing to remove. */
  public abstract delete(area: StorageArea, key: string): Promise<boolean>;
}
