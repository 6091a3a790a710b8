import { DomainError } from '@app/domain';
import { STORAGE_AREAS, StorageArea } from './storage.port';

export const StorageErrorCode = {
  INVALID_FILE_NAME: 'INVALID_FILE_NAME',
  STORAGE_KEY_EXISTS: 'STORAGE_KEY_EXISTS',
  STORAGE_LIMIT_EXCEEDED: 'STORAGE_LIMIT_EXCEEDED',
} as const;

/**
 * A storage key is one path segment: ASCII letters, digits, `.`, `_`, `-`; no leading dot
 * (no `.`/`..`, no hidden or temporary files); at most 255 characters. No slashes, backslashes,
 * NUL bytes, percent-escapes or unicode look-alikes can pass, so a key cannot leave its area.
 */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;

export const isSafeStorageName = (name: unknown): name is string =>
  typeof name === 'string' && SAFE_NAME.test(name);

export const invalidFileName = (): DomainError =>
  new DomainError('invalid', StorageErrorCode.INVALID_FILE_NAME, 'Nombre de archivo no válido');

export function assertSafeStorageName(name: unknown): asserts name is string {
  if (!isSafeStorageName(name)) throw invalidFileName();
}

export function assertStorageArea(area: unknown): asserts area is StorageArea {
  if (!(STORAGE_AREAS as readonly unknown[]).includes(area)) {
    throw new Error(`unknown storage area ${String(area)}`);
  }
}
