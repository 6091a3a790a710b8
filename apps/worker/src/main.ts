import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigValidationError } from '@app/config';
import {
  configureHttpServer,
  installCrashCapture,
  installGracefulShutdown,
} from '@app/observability';
import { loadWorkerConfig, WorkerConfig } from './config/worker.config';
import { WorkerModule } from './worker.module';

function loadConfigOrExit(): WorkerConfig {
  try {
    return loadWorkerConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`[worker] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  installGracefulShutdown(app, config.shutdownTimeoutMs);
  installCrashCapture(app);
  configureHttpServer(app);
  await app.listen(config.httpPort, config.httpHost);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `[worker] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
