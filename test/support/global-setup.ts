import 'tsconfig-paths/register'; // globalSetup runs outside jest's moduleNameMapper
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Migrator } from '@app/database';
import { RUN_ID_VAR, TEMPLATE_DB_VAR, TEST_PG_ADMIN_URL, withDatabase } from './constants';

/**
 * Once per jest run: create a template database and apply the real migrations to it.
 * Test files then clone it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line no-restricted-syntax -- shares the run id with test workers
  const env = process.env;
  if (env[TEMPLATE_DB_VAR]) return; // both service tiers share one template
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `msia_tpl_${runId}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const migrator = await Migrator.connect(withDatabase(TEST_PG_ADMIN_URL, template));
  try {
    await migrator.up();
  } finally {
    await migrator.close();
  }
  env[RUN_ID_VAR] = runId;
  env[TEMPLATE_DB_VAR] = template;
}
