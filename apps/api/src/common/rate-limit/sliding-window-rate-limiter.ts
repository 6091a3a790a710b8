import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RedisService } from '@app/redis';

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Whole seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Sliding-window log in a Redis sorted set, evaluated atomically by one Lua script with Redis'
 * own clock: correct across api replicas and restarts (no counter lives in process memory), and
 * no burst of 2× the limit at a window boundary as with fixed windows.
 */
const SCRIPT = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, 0, window - (now - tonumber(oldest[2]))}
`;

@Injectable()
export class SlidingWindowRateLimiter {
  public constructor(private readonly redis: RedisService) {}

  /** Records one hit for `key` and says whether it fits in `limit` per `windowMs`. */
  public async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const [allowed, remaining, retryMs] = (await this.redis.client.eval(
      SCRIPT,
      1,
      `ratelimit:${key}`,
      limit,
      windowMs,
      randomUUID(),
    )) as [number, number, number];
    return {
      allowed: allowed === 1,
      remaining,
      retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
    };
  }
}
