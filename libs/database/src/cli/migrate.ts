import 'reflect-metadata';
import { Migrator } from '../migrator';
import { cliDatabaseUrl } from './cli-env';

/**
 * `migrate [up|revert|check]`
 *  - up: apply pending migrations (default)
 *  - revert: undo the last one
 *  - check: fail when the entities need schema changes the migrations do not make
 */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'up';
  const migrator = await Migrator.connect(cliDatabaseUrl());
  const logger = { log: (message: string) => console.log(`[migrate] ${message}`) };
  try {
    if (command === 'up') {
      const applied = await migrator.up(logger);
      logger.log(applied.length ? `${applied.length} migration(s) applied` : 'schema up to date');
    } else if (command === 'revert') {
      await migrator.revert(logger);
    } else if (command === 'check') {
      const drift = await migrator.drift();
      if (drift.length > 0) {
        console.error('[migrate] entities and migrations disagree; missing SQL:');
        drift.forEach((query) => console.error(`  ${query}`));
        process.exitCode = 1;
      } else {
        logger.log('entities and migrations agree');
      }
    } else {
      console.error(`[migrate] unknown command "${command}" (use up | revert | check)`);
      process.exitCode = 2;
    }
  } finally {
    await migrator.close();
  }
}

main().catch((error: unknown) => {
  console.error(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
