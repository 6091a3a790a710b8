import 'reflect-metadata';
import { ConfigValidationError } from '@app/config';
import {
  configureHttpServer,
  installCrashCapture,
  installGracefulShutdown,
} from '@app/observability';
import { createApiApp } from './bootstrap';
import { ApiConfig, loadApiConfig } from './config/api.config';

function loadConfigOrExit(): ApiConfig {
  try {
    return loadApiConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`[api] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  installGracefulShutdown(app, config.shutdownTimeoutMs);
  installCrashCapture(app);
  configureHttpServer(app);
  await app.listen(config.port, config.host);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `[api] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
