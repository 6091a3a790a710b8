import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { buildLoggerParams, ObservabilityModule } from '@app/observability';
import { RedisModule } from '@app/redis';
import { WorkerConfig } from './config/worker.config';
import { WorkerHttpController } from './http/worker-http.controller';

/** Root module of the worker process (stream consumers are registered here). */
@Module({})
export class WorkerModule {
  public static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(buildLoggerParams(config)),
        DatabaseModule,
        RedisModule,
        ObservabilityModule,
      ],
      controllers: [WorkerHttpController],
    };
  }
}
