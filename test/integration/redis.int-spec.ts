import { BaseConfig, CommonEnv, validateEnv } from '@app/config';
import { RedisService } from '@app/redis';
import { createTestRedis, TestRedis } from '../support/redis';

class TestConfig extends BaseConfig {
  public readonly serviceName = 'test';
  public constructor(env: CommonEnv) {
    super(env);
  }
}

describe('RedisService (integration)', () => {
  let redis: TestRedis;
  let service: RedisService;

  beforeAll(async () => {
    redis = await createTestRedis();
    const env = validateEnv(CommonEnv, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.keyPrefix });
    service = new RedisService(new TestConfig(env));
  });

  afterAll(async () => {
    await service?.onApplicationShutdown();
    await redis?.cleanup();
  });

  it('pings', async () => {
    expect(await service.ping()).toBe(true);
  });

  it('namespaces every key, including stream keys, with the configured prefix', async () => {
    await service.client.set('plain', '1');
    await service.client.xadd('some_stream', '*', 'data', '{}');
    expect(await redis.raw.exists(`${redis.keyPrefix}plain`)).toBe(1);
    expect(await redis.raw.xlen(`${redis.keyPrefix}some_stream`)).toBe(1);
    expect(await redis.raw.exists('plain')).toBe(0);
  });

  it('dedicated connections share the prefix', async () => {
    const dedicated = service.dedicated('blocking');
    await dedicated.set('from-dedicated', 'x');
    expect(await redis.raw.get(`${redis.keyPrefix}from-dedicated`)).toBe('x');
  });
});
