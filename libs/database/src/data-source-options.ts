import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@app/migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { statementCachingClient } from './statement-cache';

export interface DataSourceSettings {
  url: string;
  poolMax?: number;
  applicationName?: string;
  /** Prepared statements per connection (statement-cache.ts); absent or 0 = none. */
  statementCache?: number;
  /** How often those statements are planned again (statement-cache.ts); default 60 s. */
  replanAfterMs?: number;
}

const DEFAULT_REPLAN_AFTER_MS = 60_000;

/**
 * One definition for the api, the worker, the migrate command and the test helpers.
 * Entities and migrations are imported classes (no globs), so the same options work from
 * ts-node, jest and compiled JavaScript. Schema changes only through migrations.
 */
export const buildDataSourceOptions = (settings: DataSourceSettings): DataSourceOptions => ({
  type: 'postgres',
  url: settings.url,
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: 'typeorm_migrations',
  migrationsTransactionMode: 'each',
  synchronize: false,
  migrationsRun: false,
  namingStrategy: new SnakeNamingStrategy(),
  uuidExtension: 'pgcrypto',
  applicationName: settings.applicationName ?? 'msia',
  extra: {
    max: settings.poolMax ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    ...(settings.statementCache
      ? {
          Client: statementCachingClient(
            settings.statementCache,
            settings.replanAfterMs ?? DEFAULT_REPLAN_AFTER_MS,
          ),
        }
      : {}),
  },
});
