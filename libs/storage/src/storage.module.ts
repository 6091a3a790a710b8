import { DynamicModule, Global, Module } from '@nestjs/common';
import { LocalDiskStorage } from './local-disk.storage';
import { StorageOptions } from './storage.options';
import { ObjectStorage } from './storage.port';

export const createObjectStorage = (options: StorageOptions): ObjectStorage => {
  switch (options.driver) {
    case 'local':
      return new LocalDiskStorage(options.localRoot);
  }
};

/** Provides the configured `ObjectStorage`; services inject the port, never a driver. */
@Global()
@Module({})
export class StorageModule {
  public static forRoot(options: StorageOptions): DynamicModule {
    return {
      module: StorageModule,
      providers: [{ provide: ObjectStorage, useFactory: () => createObjectStorage(options) }],
      exports: [ObjectStorage],
    };
  }
}
