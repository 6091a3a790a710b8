import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BaseConfig } from '@app/config';
import { buildDataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [BaseConfig],
      useFactory: (config: BaseConfig) => ({
        ...buildDataSourceOptions({
          url: config.database.url,
          poolMax: config.database.poolMax,
          statementCache: config.database.statementCache,
          applicationName: `msia-${config.serviceName}`,
        }),
        // Fail fast at boot instead of retrying for minutes; the orchestrator restarts us.
        retryAttempts: 1,
        logging: ['error', 'warn'],
      }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
