import { Client } from 'pg';
import { RUN_ID_VAR, TEST_PG_ADMIN_URL } from './constants';

/** Drops the template and any database a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  // eslint-disable-next-line no-restricted-syntax -- reads the run id set by the global setup
  const runId = process.env[RUN_ID_VAR];
  if (!runId) return;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
      [`msia_tpl_${runId}`, `msia_t_${runId}_%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
