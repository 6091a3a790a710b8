import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { RedisService } from '@app/redis';
import { ApiConfig } from '../config/api.config';
import { PublicTariffsController } from './public-tariffs.controller';
import { PublicTariffsService } from './public-tariffs.service';
import { RedisThrottlerStorage } from '../common/rate-limit/redis-throttler.storage';

/** `default` keeps the standard `Retry-After` / `X-RateLimit-*` header names. */
export const PUBLIC_TARIFFS_THROTTLER = 'default';

@Module({
  imports: [
    // @nestjs/throttler for the per-IP limit, with counters in Redis (shared by all api processes).
    ThrottlerModule.forRootAsync({
      inject: [ApiConfig, RedisService],
      useFactory: (config: ApiConfig, redis: RedisService) => ({
        throttlers: [
          {
            name: PUBLIC_TARIFFS_THROTTLER,
            ttl: 60_000,
            limit: config.catalogue.publicRateLimitPerMinute,
          },
        ],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
  ],
  controllers: [PublicTariffsController],
  providers: [PublicTariffsService],
})
export class PublicTariffsModule {}
