import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { cliDatabaseUrl } from './cli-env';

/** Data source for the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource({
  ...buildDataSourceOptions({ url: cliDatabaseUrl(), applicationName: 'msia-cli' }),
});
