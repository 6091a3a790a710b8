export * from './local-disk.storage';
export * from './storage-name';
export * from './storage.module';
export * from './storage.options';
export * from './storage.port';
