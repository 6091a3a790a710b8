import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { TEST_REDIS_URL } from './constants';

export interface TestRedis {
  url: string;
  keyPrefix: string;
  /** A raw client without prefix, for assertions on what the app wrote. */
  raw: Redis;
  cleanup(): Promise<void>;
}

/** An isolated Redis namespace (key prefix) for one test file; removed afterwards. */
export async function createTestRedis(): Promise<TestRedis> {
  const keyPrefix = `t:${randomBytes(5).toString('hex')}:`;
  const raw = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await raw.connect();
  return {
    url: TEST_REDIS_URL,
    keyPrefix,
    raw,
    cleanup: async () => {
      let cursor = '0';
      do {
        const [next, keys] = await raw.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await raw.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await raw.quit();
    },
  };
}
