/** Where the test tiers find the local services (overridable for CI machines that differ). */
// eslint-disable-next-line no-restricted-syntax -- test harness configuration, not app code
const env = process.env;

export const TEST_PG_ADMIN_URL =
  env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/** Set by the global setup for every test worker of the run. */
export const RUN_ID_VAR = 'MSIA_TEST_RUN_ID';
export const TEMPLATE_DB_VAR = 'MSIA_TEST_TEMPLATE_DB';

export const withDatabase = (adminUrl: string, database: string): string => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};
