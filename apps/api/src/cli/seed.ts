import 'reflect-metadata';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { CommonEnv, readProcessEnv, validateEnv } from '@app/config';
import { buildDataSourceOptions } from '@app/database';
import { CatalogueCacheKeys } from '@app/redis';
import { CatalogueSeeder, SeedMode } from '../catalogue/seed/catalogue-seeder';

/**
 * `seed [--sync]` — writes the tariff catalogue seed (motos-part, aseicars-prof).
 * Default: insert categories that are missing, leave existing ones alone (run on every start).
 * --sync: upsert every seeded row by its deterministic UUIDv5 (restores seed values).
 * Afterwards the catalogue cache generations of the touched categories are bumped.
 */
async function main(): Promise<void> {
  const env = validateEnv(CommonEnv, readProcessEnv());
  const mode: SeedMode = process.argv.includes('--sync') ? 'sync' : 'missing';
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url: env.DATABASE_URL, poolMax: 2, applicationName: 'msia-seed' }),
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    const outcomes = await new CatalogueSeeder(dataSource).run(mode);
    for (const outcome of outcomes) {
      console.log(
        `[seed] ${outcome.slug}: ${outcome.action}${outcome.rows ? ` (${outcome.rows} rows)` : ''}`,
      );
    }
    const touched = outcomes.filter((outcome) => outcome.action !== 'skipped');
    if (touched.length > 0)
      await bumpCache(
        env,
        touched.map((outcome) => outcome.categoryId),
      );
  } finally {
    await dataSource.destroy();
  }
}

/** Best effort: a running api must not serve the pre-seed catalogue from Redis. */
async function bumpCache(env: CommonEnv, categoryIds: string[]): Promise<void> {
  const redis = new Redis(env.REDIS_URL, {
    keyPrefix: env.REDIS_KEY_PREFIX || undefined,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  try {
    await redis.connect();
    const pipeline = redis.pipeline().incr(CatalogueCacheKeys.globalGeneration());
    categoryIds.forEach((id) => pipeline.incr(CatalogueCacheKeys.categoryGeneration(id)));
    await pipeline.exec();
  } catch (error) {
    console.warn(
      `[seed] could not refresh the catalogue cache: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`[seed] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
