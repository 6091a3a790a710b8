import { INestApplicationContext, Logger } from '@nestjs/common';
import { ProcessRegistryService } from './process-registry.service';

/** Upper bound for recording a crash before the process exits anyway. */
const CRASH_FLUSH_MS = 3000;

/**
 * An uncaught exception or unhandled rejection is logged at fatal level (so it becomes a
 * captured error) and written out before the process exits with 1, as Node would; the
 * supervisor restarts it. Call once from each app's main.
 */
export function installCrashCapture(app: INestApplicationContext): void {
  const logger = new Logger('Process');
  const registry = app.get(ProcessRegistryService);
  let crashing = false;
  const crash = (kind: string, error: unknown): void => {
    if (crashing) return;
    crashing = true;
    const err = error instanceof Error ? error : new Error(String(error));
    logger.fatal(err, kind);
    const timer = setTimeout(() => process.exit(1), CRASH_FLUSH_MS);
    void registry.flush().finally(() => {
      clearTimeout(timer);
      process.exit(1);
    });
  };
  process.on('uncaughtException', (error) => crash('uncaughtException', error));
  process.on('unhandledRejection', (reason) => crash('unhandledRejection', reason));
}
