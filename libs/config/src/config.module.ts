import { DynamicModule, Global, Module } from '@nestjs/common';
import { BaseConfig } from './common.config';

/** Registers an already-validated config object under its own class and under `BaseConfig`. */
@Global()
@Module({})
export class ConfigModule {
  public static forRoot<T extends BaseConfig>(config: T): DynamicModule {
    const token = config.constructor as new (...args: never[]) => T;
    return {
      module: ConfigModule,
      providers: [
        { provide: token, useValue: config },
        { provide: BaseConfig, useValue: config },
      ],
      exports: [token, BaseConfig],
    };
  }
}
