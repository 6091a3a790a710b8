import { config as loadDotenv } from 'dotenv';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RawEnv } from './validate-env';

/**
 * The only place in the code base that reads `process.env`. A `.env` file in the working
 * directory is loaded first (never overriding variables already set by the environment).
 */
export function readProcessEnv(): RawEnv {
  const dotenvPath = resolve(process.cwd(), '.env');
  if (process.env.NODE_ENV !== 'test' && existsSync(dotenvPath)) {
    loadDotenv({ path: dotenvPath, override: false, quiet: true });
  }
  return { ...process.env };
}
