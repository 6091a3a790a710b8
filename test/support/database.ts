import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { RUN_ID_VAR, TEMPLATE_DB_VAR, TEST_PG_ADMIN_URL, withDatabase } from './constants';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const adminQuery = async (sql: string): Promise<void> => {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
};

/** A fresh, fully migrated database for one test file (cloned from the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  // eslint-disable-next-line no-restricted-syntax -- set by the global setup
  const env = process.env;
  const runId = env[RUN_ID_VAR];
  const template = env[TEMPLATE_DB_VAR];
  if (!runId || !template) throw new Error('test database template missing: run through jest');
  const name = `msia_t_${runId}_${randomBytes(4).toString('hex')}`;
  // Cloning needs the template to be idle; parallel clones can collide, so retry briefly.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  return {
    name,
    url: withDatabase(TEST_PG_ADMIN_URL, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
