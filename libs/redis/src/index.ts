export * from './redis.module';
export * from './redis.service';
export * from './catalogue-cache-keys';
