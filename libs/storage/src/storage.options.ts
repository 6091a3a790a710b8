export const STORAGE_DRIVERS = ['local'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

/** How the storage port is backed. New drivers (e.g. `s3`) add their own settings here. */
export interface StorageOptions {
  driver: StorageDriver;
  /** Root directory of the local driver; each area is a sub-directory. */
  localRoot: string;
}
