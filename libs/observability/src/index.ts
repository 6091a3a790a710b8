export * from './health.service';
export * from './http-metrics.middleware';
export * from './logger';
export * from './metrics.service';
export * from './observability.module';
export * from './shutdown';
