import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

export interface MigrationLogger {
  log(message: string): void;
}

/** Thin wrapper used by the migrate command, the start script and the test harness. */
export class Migrator {
  private constructor(private readonly dataSource: DataSource) {}

  public static async connect(url: string): Promise<Migrator> {
    const dataSource = new DataSource({
      ...buildDataSourceOptions({ url, poolMax: 2, applicationName: 'msia-migrate' }),
      logging: ['error'],
    });
    await dataSource.initialize();
    return new Migrator(dataSource);
  }

  public async up(logger?: MigrationLogger): Promise<string[]> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    applied.forEach((migration) => logger?.log(`applied ${migration.name}`));
    return applied.map((migration) => migration.name);
  }

  public async revert(logger?: MigrationLogger): Promise<void> {
    await this.dataSource.undoLastMigration({ transaction: 'each' });
    logger?.log('reverted the last migration');
  }

  public async pending(): Promise<boolean> {
    return this.dataSource.showMigrations();
  }

  /** SQL the entities would need beyond what the migrations created (empty = in agreement). */
  public async drift(): Promise<string[]> {
    const sql = await this.dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  }

  public async close(): Promise<void> {
    await this.dataSource.destroy();
  }
}
