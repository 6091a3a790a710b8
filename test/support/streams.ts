import { StreamName } from '@app/domain';
import { waitFor } from './process';
import { TestRedis } from './redis';

/** Waits until both message streams have nothing pending or unread (the worker is idle). */
export async function waitForStreamsIdle(redis: TestRedis, timeoutMs = 30000): Promise<void> {
  await waitFor(async () => {
    for (const stream of [StreamName.INCOMING_MESSAGES, StreamName.OUTGOING_MESSAGES]) {
      const key = `${redis.keyPrefix}${stream}`;
      if (!(await redis.raw.exists(key))) continue;
      const groups = (await redis.raw.xinfo('GROUPS', key)) as unknown[][];
      for (const group of groups) {
        const info: Record<string, unknown> = {};
        for (let i = 0; i < group.length; i += 2) info[String(group[i])] = group[i + 1];
        if (Number(info.pending) > 0 || Number(info.lag ?? 0) > 0) return false;
      }
    }
    return true;
  }, timeoutMs);
}
