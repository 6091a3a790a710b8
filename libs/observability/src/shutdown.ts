import { INestApplicationContext, Logger } from '@nestjs/common';

/** Set by installGracefulShutdown: the same orderly exit, asked for from inside the process. */
let gracefulExit: ((reason: string) => void) | null = null;

/**
 * Drains and exits as on SIGTERM (the supervisor starts the process again). False when this
 * process has no graceful shutdown installed (an app embedded in tests): nothing happens.
 */
export function requestGracefulExit(reason: string): boolean {
  if (!gracefulExit) return false;
  gracefulExit(reason);
  return true;
}

/**
 * SIGTERM/SIGINT: close the app (Nest runs every shutdown hook: HTTP server, consumers, pools),
 * but never take longer than `timeoutMs`; a stuck hook must not keep a dead pod around.
 */
export function installGracefulShutdown(app: INestApplicationContext, timeoutMs: number): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const handler = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received, shutting down`);
    const timer = setTimeout(() => {
      logger.error(`shutdown exceeded ${timeoutMs} ms, exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app
      .close()
      .then(() => {
        logger.log('shutdown complete');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  gracefulExit = handler;
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
