/**
 * `npm run bench:quote` — prints:
 *  - microseconds per quote (understand a 10–15 word message + price it) on the seed catalogue;
 *  - cold catalogue load: building the engine from a snapshot (JSON parse + index), and, when
 *    DATABASE_URL points at a seeded database, loading the snapshot from PostgreSQL.
 * Figures only; nothing is asserted (benchmarks never gate the test suite).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { seedSnapshot } from '@app/catalogue-seed';
import { CommonEnv, readProcessEnv, validateEnv } from '@app/config';
import { buildDataSourceOptions, VehicleCategoryEntity } from '@app/database';
import { QuoteEngine } from '@app/domain';
import { CatalogueSnapshotLoader } from '@app/catalogue';

const MESSAGES: Record<string, string[]> = {
  'motos-part': [
    'hola quiero homologar el escape akrapovic y los espejos de mi moto',
    'cuanto me costaria legalizar la suspension delantera y los intermitentes traseros',
    'buenas tardes tengo puesto un manillar renthal y un faro led nuevo',
    'necesito presupuesto para el subchasis recortado y el portamatriculas corto',
    'quiero legalizar todo menos el escape: manillar, espejos y filtro de aire',
    'he cambiado dos escapes y las llantas de la moto, cuanto sale',
  ],
  'aseicars-prof': [
    'necesito regularizar una placa solar con el regulador en el maletero',
    'hola quiero legalizar el toldo lateral que no afecta al galibo y una claraboya',
    'presupuesto para la bola de remolque sin aumento de mmr y el portabicis',
    'tengo un escalon electrico y una nevera de compresor en la autocaravana',
  ],
};

const micro = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;

const benchQuotes = (slug: string, engine: QuoteEngine): void => {
  const messages = MESSAGES[slug] ?? [];
  const quote = (i: number): unknown => engine.quoteText(messages[i % messages.length] ?? '');
  // Warm-up long enough for V8 to optimise the hot paths (2k calls left it half-interpreted).
  for (let i = 0; i < 30000; i += 1) quote(i);
  // Mean from one batch without per-call clock reads (they and the sample array skew it).
  const iterations = 20000;
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) quote(i);
  const mean = (performance.now() - start) / iterations;
  // Distribution from a separate sampled run.
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    quote(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const words = messages.map((m) => m.split(/\s+/).length);
  console.log(
    `${slug}: ${iterations} quotes of ${Math.min(...words)}–${Math.max(...words)}-word messages: ` +
      `mean ${micro(mean)}, p50 ${micro(samples[Math.floor(iterations * 0.5)] ?? 0)}, ` +
      `p99 ${micro(samples[Math.floor(iterations * 0.99)] ?? 0)} per quote (target ≤ 50 µs)`,
  );
};

const benchColdBuild = (slug: string): QuoteEngine => {
  const json = JSON.stringify(seedSnapshot(slug));
  const runs: number[] = [];
  let engine: QuoteEngine | null = null;
  for (let i = 0; i < 20; i += 1) {
    const t0 = performance.now();
    engine = new QuoteEngine(JSON.parse(json) as ReturnType<typeof seedSnapshot>);
    runs.push(performance.now() - t0);
  }
  console.log(
    `${slug}: cold engine build from a cached snapshot (${(json.length / 1024).toFixed(0)} KiB JSON parse + index): ` +
      `first ${runs[0]?.toFixed(2)} ms, warm ${Math.min(...runs).toFixed(2)} ms`,
  );
  return engine as QuoteEngine;
};

const benchDatabaseLoad = async (): Promise<void> => {
  const env = validateEnv(CommonEnv, readProcessEnv());
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url: env.DATABASE_URL, poolMax: 4, applicationName: 'msia-bench' }),
    logging: false,
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    console.log(
      `database load: skipped (${error instanceof Error ? error.message : String(error)})`,
    );
    return;
  }
  try {
    const loader = new CatalogueSnapshotLoader(dataSource);
    for (const slug of Object.keys(MESSAGES)) {
      const category = await dataSource
        .getRepository(VehicleCategoryEntity)
        .findOneBy({ slug })
        .catch(() => null);
      if (!category) {
        console.log(
          `${slug}: database load skipped (not migrated and seeded: npm run migrate && npm run seed)`,
        );
        continue;
      }
      const t0 = performance.now();
      const snapshot = await loader.load(category, 'bench');
      const loaded = performance.now() - t0;
      const t1 = performance.now();
      new QuoteEngine(snapshot);
      console.log(
        `${slug}: cold load from PostgreSQL ${loaded.toFixed(1)} ms + engine build ${(performance.now() - t1).toFixed(2)} ms`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
};

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.arch}`);
  for (const slug of Object.keys(MESSAGES)) benchQuotes(slug, benchColdBuild(slug));
  await benchDatabaseLoad();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
