import { Injectable } from '@nestjs/common';
import { RedisService } from '@app/redis';
import { ApiConfig } from '../config/api.config';

/**
 * Failed-login counters per username and per client IP, in Redis so the limit holds across
 * api replicas. A fixed window starts at the first failure; once a counter reaches its limit,
 * every attempt (even with the right password) is refused until the window ends.
 * Only failures count, which @nestjs/throttler (it counts requests) does not model.
 */
@Injectable()
export class LoginThrottleService {
  public constructor(
    private readonly redis: RedisService,
    private readonly config: ApiConfig,
  ) {}

  public static usernameKey(username: string): string {
    return `login_failures:user:${username}`;
  }

  public static ipKey(ip: string): string {
    return `login_failures:ip:${ip}`;
  }

  /** Seconds until the caller may try again, or null when not blocked. */
  public async blockedFor(username: string, ip: string): Promise<number | null> {
    const { maxFailuresPerUsername, maxFailuresPerIp } = this.config.loginThrottle;
    const userKey = LoginThrottleService.usernameKey(username);
    const ipKey = LoginThrottleService.ipKey(ip);
    const replies = await this.redis.client
      .pipeline()
      .get(userKey)
      .ttl(userKey)
      .get(ipKey)
      .ttl(ipKey)
      .exec();
    const value = (index: number): unknown => replies?.[index]?.[1];
    const waits: number[] = [];
    if (Number(value(0) ?? 0) >= maxFailuresPerUsername) waits.push(Number(value(1)));
    if (Number(value(2) ?? 0) >= maxFailuresPerIp) waits.push(Number(value(3)));
    if (waits.length === 0) return null;
    return Math.max(1, ...waits.map((ttl) => (ttl > 0 ? ttl : 1)));
  }

  public async recordFailure(username: string, ip: string): Promise<void> {
    const window = this.config.loginThrottle.windowSeconds;
    const userKey = LoginThrottleService.usernameKey(username);
    const ipKey = LoginThrottleService.ipKey(ip);
    await this.redis.client
      .multi()
      .incr(userKey)
      .expire(userKey, window, 'NX')
      .incr(ipKey)
      .expire(ipKey, window, 'NX')
      .exec();
  }

  /** A successful login clears the username counter (not the IP one: it is shared). */
  public async reset(username: string): Promise<void> {
    await this.redis.client.del(LoginThrottleService.usernameKey(username));
  }
}
